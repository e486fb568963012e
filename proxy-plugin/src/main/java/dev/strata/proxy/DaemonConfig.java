package dev.strata.proxy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the daemon needs to run: where its state lives, where it listens, and who may connect.
 *
 * @param root        the state directory: metadata and snapshot directories
 * @param address     the Unix socket containerd dials
 * @param socketGroup the group that owns the socket, if not the daemon's own
 */
public record DaemonConfig(Path root, Path address, Optional<String> socketGroup) {
    public DaemonConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(socketGroup, "socketGroup");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects settings from the config file, then from flags; later calls override earlier ones. */
    public static final class Builder {
        private Path root;
        private Path address;
        private String socketGroup;

        private Builder() {
        }

        public Builder root(Path root) {
            if (root != null) {
                this.root = root;
            }
            return this;
        }

        public Builder address(Path address) {
            if (address != null) {
                this.address = address;
            }
            return this;
        }

        public Builder socketGroup(String socketGroup) {
            if (socketGroup != null) {
                this.socketGroup = socketGroup;
            }
            return this;
        }

        /** Builds the config, naming every missing setting at once. */
        public DaemonConfig build() {
            List<String> missing = new ArrayList<>();
            if (root == null) {
                missing.add("root (--root or root = \"...\" in the config file)");
            }
            if (address == null) {
                missing.add("address (--address or address = \"...\" in the config file)");
            }
            if (!missing.isEmpty()) {
                throw new ConfigException("missing settings: " + String.join(", ", missing));
            }
            return new DaemonConfig(root.toAbsolutePath().normalize(), address.toAbsolutePath().normalize(),
                    Optional.ofNullable(socketGroup));
        }
    }
}
