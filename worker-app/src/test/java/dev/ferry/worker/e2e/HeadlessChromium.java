package dev.ferry.worker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Debian's {@code chromium} in headless mode with a fresh profile, driven over the DevTools
 * protocol: open a page, wait (in real time) until its rendered text satisfies a condition, save a
 * screenshot, return the text.
 *
 * <p>Why not {@code --screenshot --virtual-time-budget}: the Web UI's workflow page keeps a
 * long-poll for new history events open, virtual time never advances past it, and chromium never
 * exits; without the budget the screenshot is taken before the JavaScript app has rendered.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * The page's visible text plus that of its iframes: the Web UI renders summaries and details as
   * Markdown in sandboxed iframes, whose text is in their srcdoc rather than the page's DOM.
   */
  private static final String VISIBLE_TEXT =
      "(() => { let t = document.body ? document.body.innerText : '';"
          + " for (const f of document.querySelectorAll('iframe')) {"
          + "  const doc = f.getAttribute('srcdoc');"
          + "  if (doc) { t += '\\n' + new DOMParser().parseFromString(doc, 'text/html')"
          + ".body.textContent; }"
          + "  try { if (f.contentDocument && f.contentDocument.body) {"
          + " t += '\\n' + f.contentDocument.body.innerText; } } catch (e) {} }"
          + " return t; })()";

  private final OsProcess process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private HeadlessChromium(OsProcess process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Starts chromium with a fresh profile under {@code workDir} and attaches to its blank page. */
  static HeadlessChromium start(Path workDir) {
    Path executable = Executables.find("chromium", "ferry.chromium");
    int port = Ports.free();
    OsProcess process =
        OsProcess.start(
            "chromium",
            List.of(
                executable.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--window-size=1400,1000",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=" + port,
                "--user-data-dir=" + workDir.resolve("chromium-profile"),
                "about:blank"),
            Map.of(),
            workDir.resolve("chromium.log"));
    Ports.awaitListening(port, Duration.ofSeconds(30), process);
    String[] pageSocket = new String[1];
    Waits.until(
        "chromium's blank page to be attachable",
        Duration.ofSeconds(30),
        Duration.ofMillis(200),
        () -> {
          for (JsonNode target : getJson("http://127.0.0.1:" + port + "/json/list")) {
            if ("page".equals(target.path("type").asText())) {
              pageSocket[0] = target.path("webSocketDebuggerUrl").asText();
              return true;
            }
          }
          return false;
        });
    HeadlessChromium[] self = new HeadlessChromium[1];
    Listener listener = new Listener(self);
    WebSocket socket =
        HTTP.newWebSocketBuilder().buildAsync(URI.create(pageSocket[0]), listener).join();
    self[0] = new HeadlessChromium(process, socket);
    return self[0];
  }

  /** Navigates to {@code url} in a 1400x1000 viewport. */
  void open(String url) {
    call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 1400, "height", 1000, "deviceScaleFactor", 1, "mobile", false));
    call("Page.navigate", Map.of("url", url));
  }

  /**
   * Waits until the page's visible text satisfies {@code ready}, polling in real time; returns the
   * last text seen either way (the caller's assertions say what is missing).
   */
  String awaitText(Predicate<String> ready, Duration timeout) {
    String[] text = {""};
    try {
      Waits.until(
          "the page to render",
          timeout,
          Duration.ofMillis(500),
          () -> {
            text[0] = innerText();
            return ready.test(text[0]);
          });
    } catch (AssertionError e) {
      // Return what rendered: the caller's assertion names what is missing.
    }
    return text[0];
  }

  /** Clicks the first link or button whose visible text is {@code label}; false if none. */
  boolean click(String label) {
    String script =
        "(() => { const e = Array.from(document.querySelectorAll('a,button'))"
            + ".find(x => x.innerText.trim() === "
            + JSON.valueToTree(label)
            + "); if (e) { e.click(); return true; } return false; })()";
    JsonNode result = call("Runtime.evaluate", Map.of("expression", script, "returnByValue", true));
    return result.path("result").path("value").asBoolean(false);
  }

  /** Saves a PNG of the viewport to {@code png}. */
  void screenshot(Path png) {
    JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
    try {
      Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String innerText() {
    JsonNode result =
        call("Runtime.evaluate", Map.of("expression", VISIBLE_TEXT, "returnByValue", true));
    return result.path("result").path("value").asText("");
  }

  private JsonNode call(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id).put("method", method).set("params", JSON.valueToTree(params));
    socket.sendText(message.toString(), true).join();
    try {
      JsonNode reply = answer.get(30, TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new AssertionError("chromium " + method + " failed: " + reply.get("error"));
      }
      return reply.path("result");
    } catch (Exception e) {
      throw new AssertionError("chromium " + method + " did not answer: " + e, e);
    }
  }

  @Override
  public void close() {
    socket.abort();
    process.close();
  }

  private static JsonNode getJson(String url) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (IOException e) {
      return JSON.createArrayNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Reassembles DevTools messages (large ones arrive in parts) and completes the waiting call. */
  private static final class Listener implements WebSocket.Listener {
    private final HeadlessChromium[] owner;
    private final StringBuilder partial = new StringBuilder();

    Listener(HeadlessChromium[] owner) {
      this.owner = owner;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(partial.toString());
          CompletableFuture<JsonNode> waiting =
              message.has("id") ? owner[0].pending.remove(message.get("id").asInt()) : null;
          if (waiting != null) {
            waiting.complete(message);
          }
        } catch (IOException e) {
          // Not JSON: DevTools only sends JSON, so this cannot happen; ignore the frame.
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
