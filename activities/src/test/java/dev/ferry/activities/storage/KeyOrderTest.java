package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyOrderTest {
  /** UTF-8 byte order, the order S3 lists in, for well-formed keys. */
  private static int byUtf8(String a, String b) {
    return Integer.signum(
        Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void ordersAsUtf8BytesWhereUtf16UnitsWouldNot() {
    String emoji = "\uD83D\uDE00"; // U+1F600, after every BMP character in UTF-8
    String privateUse = "\uE000";
    assertTrue(emoji.compareTo(privateUse) < 0, "UTF-16 puts the surrogate pair first");
    assertTrue(KeyOrder.compare("a/" + emoji, "a/" + privateUse) > 0);
    assertTrue(KeyOrder.compare("a/" + privateUse, "a/" + emoji) < 0);
    assertTrue(KeyOrder.compare("obj-000000001", "obj-000000002") < 0);
    assertTrue(KeyOrder.compare("obj-", "obj-000000002") < 0);
    assertEquals(0, KeyOrder.compare("d/\u00e9" + emoji, "d/\u00e9" + emoji));
  }

  @Test
  void agreesWithUtf8ByteOrderOnRandomKeysThatShareLongPrefixes() {
    Random random = new Random(42);
    int[] alphabet = {'a', 'b', '/', 0x7f, 0xe9, 0x800, 0xd7ff, 0xe000, 0xffff, 0x10000, 0x1f600};
    for (int n = 0; n < 200_000; n++) {
      String prefix = randomKey(random, alphabet, random.nextInt(6));
      String a = prefix + randomKey(random, alphabet, random.nextInt(3));
      String b = prefix + randomKey(random, alphabet, random.nextInt(3));
      assertEquals(byUtf8(a, b), Integer.signum(KeyOrder.compare(a, b)), a + " vs " + b);
    }
  }

  private static String randomKey(Random random, int[] alphabet, int length) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < length; i++) {
      key.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
    }
    return key.toString();
  }
}
