package dev.strata.build.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The parts of an image config the unpacker needs: the platform and the layers' diff IDs, bottom first. */
public record OciImageConfig(@JsonProperty("architecture") String architecture, @JsonProperty("os") String os,
                             @JsonProperty("rootfs") RootFs rootfs) {

    public List<Digest> diffIds() {
        return rootfs == null ? List.of() : rootfs.diffIds();
    }

    public record RootFs(@JsonProperty("type") String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
        public RootFs {
            diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
        }
    }
}
