package dev.strata.build.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.image.ImageReference;
import dev.strata.build.layer.Compression;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutputSpecTest {
    @Test
    void ociArchiveUsesOciMediaTypesAndGzipByDefault() {
        OutputSpec spec = OutputSpec.parse("type=oci,dest=out.tar");

        assertEquals(ExportType.OCI, spec.type());
        assertEquals(Optional.of("out.tar"), spec.destination());
        assertTrue(spec.ociMediaTypes());
        assertEquals(Compression.GZIP, spec.diffOptions().compression());
        assertEquals(OptionalInt.empty(), spec.diffOptions().compressionLevel());
        assertFalse(spec.writesToStdout());
        assertEquals(List.of(), spec.names());
    }

    @Test
    void dockerArchiveUsesDockerMediaTypesAndTakesAName() {
        OutputSpec spec = OutputSpec.parse("type=docker,dest=-,name=strata/app:1");

        assertFalse(spec.ociMediaTypes());
        assertTrue(spec.writesToStdout());
        assertEquals(List.of(ImageReference.parse("docker.io/strata/app:1")), spec.names());
    }

    @Test
    void imageTakesSeveralQuotedNamesPushAndInsecureRegistry() {
        OutputSpec spec = OutputSpec.parse("type=image,\"name=127.0.0.1:5000/a:1,127.0.0.1:5000/b:2\",push=true,registry.insecure=1");

        assertEquals(ExportType.IMAGE, spec.type());
        assertEquals(List.of(ImageReference.parse("127.0.0.1:5000/a:1"), ImageReference.parse("127.0.0.1:5000/b:2")),
                spec.names());
        assertTrue(spec.push());
        assertTrue(spec.insecureRegistry());
        assertFalse(spec.ociMediaTypes());
        assertEquals(Optional.empty(), spec.destination());
    }

    @Test
    void compressionLevelMediaTypesAndEpochAreRead() {
        OutputSpec spec = OutputSpec.parse("type=image,name=x,compression=uncompressed,oci-mediatypes=true,source-date-epoch=1700000000");
        assertEquals(Compression.NONE, spec.diffOptions().compression());
        assertTrue(spec.ociMediaTypes());
        assertEquals(Optional.of(Instant.ofEpochSecond(1_700_000_000L)), spec.sourceDateEpoch());

        OutputSpec leveled = OutputSpec.parse("type=oci,dest=o.tar,compression=gzip,compression-level=9");
        assertEquals(OptionalInt.of(9), leveled.diffOptions().compressionLevel());
    }

    @Test
    void zstdForcesOciMediaTypesAsBuildKitDoes() {
        OutputSpec spec = OutputSpec.parse("type=docker,dest=d.tar,compression=zstd,oci-mediatypes=false");

        assertEquals(Compression.ZSTD, spec.diffOptions().compression());
        assertTrue(spec.ociMediaTypes());
    }

    @Test
    void localTakesADirectory() {
        OutputSpec spec = OutputSpec.parse("type=local,dest=/tmp/out");
        assertEquals(ExportType.LOCAL, spec.type());
        assertEquals(Optional.of("/tmp/out"), spec.destination());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "type=tar,dest=x",              // unknown type
        "dest=x",                       // no type
        "type=oci,dest=x,unpack=true",  // unknown key
        "type=local,dest=x,name=a",     // key of another type
        "type=image,name=a,dest=x",     // image has no dest
        "type=oci",                     // dest missing
        "type=local,dest=-",            // local cannot go to stdout
        "type=image,push=true",         // push without a name
        "type=image,name=a,push=maybe", // not a boolean
        "type=oci,dest=x,compression=estargz",
        "type=oci,dest=x,compression-level=10",
        "type=oci,dest=x,compression=zstd,compression-level=0",
        "type=oci,dest=x,compression=uncompressed,compression-level=1",
        "type=oci,dest=x,compression-level=high",
        "type=oci,dest=x,source-date-epoch=yesterday",
        "type=oci,dest=x,dest=y",       // key twice
        "type=oci,destination",         // not key=value
        "type=image,\"name=a",          // unterminated quote
        "type=image,name=Bad Name"
    })
    void badSpecsAreRejected(String spec) {
        assertThrows(InvalidOutputException.class, () -> OutputSpec.parse(spec));
    }
}
