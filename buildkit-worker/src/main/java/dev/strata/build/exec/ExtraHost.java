package dev.strata.build.exec;

import java.util.Objects;

/** One extra /etc/hosts line: {@code ip} is written as given, {@code host} names it. */
public record ExtraHost(String host, String ip) {
    public ExtraHost {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ip, "ip");
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("extra host name must be one non-empty word: \"" + host + "\"");
        }
    }
}
