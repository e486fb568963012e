package dev.strata.build.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The part of the OCI runtime spec (config.json) that an exec uses, as plain data; Jackson writes it
 * with the spec's field names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuntimeSpec(String ociVersion, Process process, Root root, String hostname, List<SpecMount> mounts, Linux linux) {
    /** The runtime-spec version runc 1.1 reads. */
    static final String OCI_VERSION = "1.0.2";

    public RuntimeSpec {
        mounts = List.copyOf(mounts);
    }

    public record Process(boolean terminal, User user, List<String> args, List<String> env, String cwd,
            Capabilities capabilities, boolean noNewPrivileges) {
        public Process {
            args = List.copyOf(args);
            env = List.copyOf(env);
        }
    }

    public record User(int uid, int gid, List<Integer> additionalGids) {
        public User {
            additionalGids = List.copyOf(additionalGids);
        }
    }

    public record Capabilities(List<String> bounding, List<String> effective, List<String> permitted,
            List<String> inheritable, List<String> ambient) {
        public Capabilities {
            bounding = List.copyOf(bounding);
            effective = List.copyOf(effective);
            permitted = List.copyOf(permitted);
            inheritable = List.copyOf(inheritable);
            ambient = List.copyOf(ambient);
        }
    }

    public record Root(String path, boolean readonly) {
    }

    public record SpecMount(String destination, String type, String source, List<String> options) {
        public SpecMount {
            options = List.copyOf(options);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Linux(List<Namespace> namespaces, List<String> maskedPaths, List<String> readonlyPaths,
            Resources resources, String cgroupsPath, List<Device> devices) {
        public Linux {
            namespaces = List.copyOf(namespaces);
            maskedPaths = List.copyOf(maskedPaths);
            readonlyPaths = List.copyOf(readonlyPaths);
            devices = List.copyOf(devices);
        }
    }

    public record Namespace(String type) {
    }

    public record Resources(List<DeviceRule> devices) {
        public Resources {
            devices = List.copyOf(devices);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceRule(boolean allow, String type, String access) {
    }

    public record Device(String path, String type, long major, long minor) {
    }
}
