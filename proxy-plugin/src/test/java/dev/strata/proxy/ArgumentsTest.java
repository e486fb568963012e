package dev.strata.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArgumentsTest {
    @Test
    void takesValuesAfterTheOptionOrAfterAnEqualsSign() {
        Arguments arguments = Arguments.parse("--root", "/var/lib/strata", "--address=/run/strata.sock", "--log-level=FINE");
        assertEquals("/var/lib/strata", arguments.value("--root"));
        assertEquals("/run/strata.sock", arguments.value("--address"));
        assertEquals("FINE", arguments.value("--log-level"));
        assertNull(arguments.value("--config"));
        assertFalse(arguments.help());
        assertFalse(arguments.version());
    }

    @Test
    void keepsEverythingAfterTheFirstEqualsSign() {
        assertEquals("/tmp/a=b", Arguments.parse("--root=/tmp/a=b").value("--root"));
    }

    @Test
    void recognisesHelpAndVersionInBothSpellings() {
        assertTrue(Arguments.parse("-h").help());
        assertTrue(Arguments.parse("--help").help());
        assertTrue(Arguments.parse("-V").version());
        assertTrue(Arguments.parse("--version").version());
    }

    @Test
    void refusesAnUnknownOption() {
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse("--rot", "/tmp"));
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse("/tmp"));
    }

    @Test
    void refusesAnOptionWithoutItsValue() {
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse("--address", "/run/s.sock", "--root"));
    }

    @Test
    void refusesAnOptionGivenTwice() {
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse("--root", "/a", "--root=/b"));
    }
}
