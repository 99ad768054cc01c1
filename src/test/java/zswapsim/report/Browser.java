package zswapsim.report;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import zswapsim.trace.Json;

/**
 * Headless Chromium driven through chromedriver with plain WebDriver HTTP calls (no Selenium
 * dependency). Chromium runs with networking features off and a fresh profile, as CI runs it.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1400,1000");

    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private String session;

    private Browser(Process driver, int port) {
        this.driver = driver;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Fails (not skips) when Chromium is missing: CI installs it, so its absence is a broken setup. */
    static void requireInstalled() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("this test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install them with 'apt-get install -y chromium chromium-driver'");
        }
    }

    static Browser start(Path profile, Path log) throws IOException, InterruptedException {
        requireInstalled();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Browser b = new Browser(p, port);
        try {
            b.awaitReady();
            b.openSession(profile);
        } catch (IOException | InterruptedException | RuntimeException e) {
            b.close();
            throw e;
        }
        return b;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<String, Object> v = MiniJson.object(MiniJson.object(call("GET", "/status", null)).get("value"));
                if (Boolean.TRUE.equals(v.get("ready"))) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromedriver did not become ready within 30 s");
    }

    private void openSession(Path profile) throws IOException, InterruptedException {
        Json caps = new Json().beginObject().key("capabilities").beginObject().key("alwaysMatch").beginObject()
                .field("browserName", "chrome")
                .key("goog:chromeOptions").beginObject().field("binary", CHROMIUM.toString())
                .field("args", concat(FLAGS, "--user-data-dir=" + profile.toAbsolutePath())).endObject()
                .key("goog:loggingPrefs").beginObject().field("browser", "ALL").endObject()
                .endObject().endObject().endObject();
        Map<String, Object> v = MiniJson.object(MiniJson.object(call("POST", "/session", caps.toString())).get("value"));
        session = (String) v.get("sessionId");
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }

    void open(Path file) throws IOException, InterruptedException {
        open(file, "");
    }

    /** Opens the file at a fragment ({@code #step=53}). */
    void open(Path file, String fragment) throws IOException, InterruptedException {
        String url = file.toAbsolutePath().toUri() + fragment;
        inSession("POST", "/url", new Json().beginObject().field("url", url).endObject().toString());
    }

    /** Runs a script (a function body: use {@code return}) in the page and returns its value. */
    Object script(String body) throws IOException, InterruptedException {
        return inSession("POST", "/execute/sync",
                new Json().beginObject().field("script", body).field("args", List.of()).endObject().toString());
    }

    void click(String css) throws IOException, InterruptedException {
        Map<String, Object> el = MiniJson.object(inSession("POST", "/element",
                new Json().beginObject().field("using", "css selector").field("value", css).endObject().toString()));
        // An element reference is an object with one key (the W3C web element identifier).
        inSession("POST", "/element/" + el.values().iterator().next() + "/click", "{}");
    }

    /** The console messages so far (each with level and message), via chromedriver's log endpoint. */
    List<Object> consoleLog() throws IOException, InterruptedException {
        return MiniJson.array(inSession("POST", "/se/log", "{\"type\":\"browser\"}"));
    }

    /** Sets the window's outer size. */
    void resize(int width, int height) throws IOException, InterruptedException {
        inSession("POST", "/window/rect", new Json().beginObject().field("width", width).field("height", height).endObject().toString());
    }

    byte[] screenshot() throws IOException, InterruptedException {
        return Base64.getDecoder().decode((String) inSession("GET", "/screenshot", null));
    }

    private Object inSession(String method, String path, String body) throws IOException, InterruptedException {
        return MiniJson.object(call(method, "/session/" + session + path, body)).get("value");
    }

    private Object call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        r = body == null ? r.method(method, HttpRequest.BodyPublishers.noBody())
                : r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " -> " + resp.statusCode() + ": " + resp.body());
        }
        return MiniJson.parse(resp.body());
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (IOException | RuntimeException e) {
            // the driver is going away anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            driver.destroy();
        }
    }
}
