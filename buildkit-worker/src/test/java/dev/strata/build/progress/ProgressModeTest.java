package dev.strata.build.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProgressModeTest {
  @Test
  void autoIsTtyOnATerminalAndPlainElsewhere() {
    assertEquals(ProgressMode.TTY, ProgressMode.parse("auto").resolve(true));
    assertEquals(ProgressMode.PLAIN, ProgressMode.parse("auto").resolve(false));
    assertEquals(ProgressMode.RAWJSON, ProgressMode.parse("rawjson").resolve(true));
    assertEquals(ProgressMode.PLAIN, ProgressMode.parse("plain").resolve(true));
  }

  @Test
  void rejectsUnknownModes() {
    assertThrows(IllegalArgumentException.class, () -> ProgressMode.parse("fancy"));
  }
}
