package dev.ferry.activities.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The standard properties an object keeps beside its content type, which a store serves back as
 * response headers: without {@code Content-Encoding: gzip}, a gzipped page arrives as gzip bytes.
 * Each is null where the object has none.
 *
 * @param encoding {@code Content-Encoding}
 * @param disposition {@code Content-Disposition}
 * @param cacheControl {@code Cache-Control}
 * @param language {@code Content-Language}
 */
public record ContentHeaders(
    String encoding, String disposition, String cacheControl, String language) {
  public static final ContentHeaders NONE = new ContentHeaders(null, null, null, null);

  public static final String ENCODING = "Content-Encoding";
  public static final String DISPOSITION = "Content-Disposition";
  public static final String CACHE_CONTROL = "Cache-Control";
  public static final String LANGUAGE = "Content-Language";

  public ContentHeaders {
    encoding = blankToNull(encoding);
    disposition = blankToNull(disposition);
    cacheControl = blankToNull(cacheControl);
    language = blankToNull(language);
  }

  /** The properties read by their header names through {@code header} (null where absent). */
  public static ContentHeaders of(UnaryOperator<String> header) {
    return new ContentHeaders(
        header.apply(ENCODING),
        header.apply(DISPOSITION),
        header.apply(CACHE_CONTROL),
        header.apply(LANGUAGE));
  }

  /** The properties set, as request headers. */
  public Map<String, String> asHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    put(headers, ENCODING, encoding);
    put(headers, DISPOSITION, disposition);
    put(headers, CACHE_CONTROL, cacheControl);
    put(headers, LANGUAGE, language);
    return headers;
  }

  private static void put(Map<String, String> headers, String name, String value) {
    if (value != null) {
      headers.put(name, value);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
