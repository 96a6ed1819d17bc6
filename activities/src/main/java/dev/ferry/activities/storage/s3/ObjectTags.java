package dev.ferry.activities.storage.s3;

import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.storage.TagsOption;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * S3 object tags on their way: a GET or HEAD says how many an object has ({@code
 * x-amz-tagging-count}, absent when none, so untagged objects cost no request), and a PUT or
 * CreateMultipartUpload sets them all at once with {@code x-amz-tagging}, a URL query string.
 */
final class ObjectTags {
  /** The reply header that counts an object's tags. */
  static final String COUNT_HEADER = "x-amz-tagging-count";

  /** The request header that sets a new object's tags. */
  static final String TAGGING_HEADER = "x-amz-tagging";

  private ObjectTags() {}

  /** Whether a reply's headers, read through {@code header}, say the object has tags. */
  static boolean tagged(UnaryOperator<String> header) {
    String count = header.apply(COUNT_HEADER);
    if (count == null) {
      return false;
    }
    try {
      return Integer.parseInt(count.trim()) > 0;
    } catch (NumberFormatException e) {
      return true; // a count we cannot read: ask for the tags rather than lose them
    }
  }

  /**
   * {@code tags} as {@code x-amz-tagging}'s value: names and values URL-encoded as a query string
   * (a space as {@code %20}, as S3 decodes it), so {@code &}, {@code =} and any UTF-8 arrive as
   * sent.
   */
  static String header(Map<String, String> tags) {
    StringJoiner query = new StringJoiner("&");
    tags.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
    return query.toString();
  }

  /**
   * {@code e} with what to do about it, where it is an access refusal that may be the tags' alone:
   * a key allowed to read or write objects may still lack {@code permission}.
   */
  static StorageException refused(StorageException e, String permission) {
    if ("NotImplemented".equals(S3Uploads.errorCode(e))) {
      return new PermanentStorageException(
          e.getMessage() + "; the store keeps no tags: set 'tags: ignore' in its profile", e);
    }
    return TagsOption.refused(e, permission);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
