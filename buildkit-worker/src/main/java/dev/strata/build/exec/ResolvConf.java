package dev.strata.build.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The /etc/resolv.conf an exec sees, derived from the host's as BuildKit's oci.GetResolvConf does.
 * On the host network it is the host's file as is, since a local resolver stays reachable. Otherwise
 * localhost nameservers are dropped (systemd-resolved's own file is used when 127.0.0.53 is the only
 * one) and, if none is left, public defaults are filled in (libnetwork's TransformForLegacyNw).
 */
final class ResolvConf {
    static final Path HOST_FILE = Path.of("/etc/resolv.conf");
    static final Path SYSTEMD_RESOLVED_FILE = Path.of("/run/systemd/resolve/resolv.conf");
    private static final List<String> DEFAULT_NAMESERVERS =
            List.of("8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844");

    private ResolvConf() {
    }

    static String forNetwork(NetworkMode network, Path hostFile, Path resolvedFile) throws IOException {
        List<String> lines = readLines(hostFile);
        if (network == NetworkMode.HOST) {
            return join(lines);
        }
        List<String> nameservers = nameservers(lines);
        if (nameservers.equals(List.of("127.0.0.53")) && Files.exists(resolvedFile)) {
            lines = readLines(resolvedFile);
        }
        return withoutLocalNameservers(lines);
    }

    private static String withoutLocalNameservers(List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            String nameserver = nameserver(line);
            if (nameserver == null || !isLocal(nameserver)) {
                kept.add(line);
            }
        }
        if (nameservers(kept).isEmpty()) {
            for (String nameserver : DEFAULT_NAMESERVERS) {
                kept.add("nameserver " + nameserver);
            }
        }
        return join(kept);
    }

    private static List<String> nameservers(List<String> lines) {
        return lines.stream().map(ResolvConf::nameserver).filter(n -> n != null).toList();
    }

    private static String nameserver(String line) {
        String[] words = line.strip().split("\\s+");
        return words.length >= 2 && words[0].equals("nameserver") ? words[1] : null;
    }

    private static boolean isLocal(String address) {
        return address.startsWith("127.") || address.equals("::1");
    }

    private static List<String> readLines(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static String join(List<String> lines) {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
