package nl.schakelpunt.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.openqa.selenium.By;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The browser helper against two small pages served here, without the application: one
 * accessible, one with deliberate faults that axe must find.
 */
class BrowserSelfTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' "
            + "width='40' height='40'%3E%3Crect width='40' height='40' fill='%23005a9c'/%3E%3C/svg%3E";

    private static final String ACCESSIBLE_PAGE = """
            <!doctype html>
            <html lang="nl">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Mijn toestemmingen - Schakelpunt</title>
            </head>
            <body>
              <main>
                <h1 id="heading">Mijn toestemmingen</h1>
                <img src="%s" alt="Schakelpunt">
                <p>Wie mag uw medische gegevens inzien?</p>
                <form>
                  <label for="name">Naam</label>
                  <input id="name" name="name" type="text">
                  <button type="submit">Opslaan</button>
                </form>
                <p id="never-shown" hidden>Opgeslagen</p>
              </main>
            </body>
            </html>
            """.formatted(IMAGE);

    private static final String FAULTY_PAGE = """
            <!doctype html>
            <html lang="nl">
            <head>
              <meta charset="utf-8">
              <title>Slecht leesbaar - Schakelpunt</title>
            </head>
            <body>
              <main>
                <h1>Slecht leesbaar</h1>
                <img src="%s">
                <p style="color: #c8c8c8; background: #ffffff">Deze tekst is bijna onzichtbaar.</p>
                <form>
                  <input id="name" name="name" type="text">
                </form>
              </main>
            </body>
            </html>
            """.formatted(IMAGE);

    private static HttpServer server;
    private static final AtomicReference<String> lastAcceptLanguage = new AtomicReference<>();
    private static Browser desktop;

    @BeforeAll
    static void servePages() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/accessible", exchange -> respond(exchange, ACCESSIBLE_PAGE));
        server.createContext("/faulty", exchange -> respond(exchange, FAULTY_PAGE));
        server.start();
    }

    private static void respond(HttpExchange exchange, String page) throws IOException {
        lastAcceptLanguage.set(exchange.getRequestHeaders().getFirst("Accept-Language"));
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterAll
    static void stop() {
        if (desktop != null) {
            desktop.close();
        }
        server.stop(0);
    }

    // One desktop browser for the tests that only read pages: starting Chromium costs a second or two.
    private static Browser desktop() {
        if (desktop == null) {
            desktop = Browser.desktop();
        }
        return desktop;
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void readsTheTitleAndWaitsForContent() {
        Browser browser = desktop().get(url("/accessible"));
        browser.waitForTitleContaining("Mijn toestemmingen");

        assertThat(browser.title()).isEqualTo("Mijn toestemmingen - Schakelpunt");
        assertThat(browser.waitForVisible(By.id("heading")).getText()).isEqualTo("Mijn toestemmingen");
    }

    @Test
    void aWaitThatRunsOutSaysWhatItWaitedForAndKeepsAScreenshot() {
        Browser browser = desktop().get(url("/accessible"));

        assertThatThrownBy(() -> browser.waitForVisible(By.id("never-shown"), Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("never-shown")
                .hasMessageContaining(url("/accessible"))
                .hasMessageContaining("within 500 ms")
                .satisfies(error -> {
                    String message = error.getMessage();
                    Path picture = Path.of(message.substring(message.indexOf("screenshot: ") + "screenshot: ".length()));
                    assertThat(picture).startsWith(Path.of("target", "screenshots")).isNotEmptyFile();
                });
    }

    @Test
    void savesAScreenshotAsAPngOfTheWindow() throws IOException {
        Browser browser = desktop().get(url("/accessible"));
        browser.waitForVisible(By.id("heading"));

        Path file = browser.screenshot("browser-self-test-desktop");

        assertThat(file).isEqualTo(Path.of("target", "screenshots", "browser-self-test-desktop.png"));
        byte[] png = Files.readAllBytes(file);
        assertThat(png.length).isGreaterThan(PNG_SIGNATURE.length + 24);
        assertThat(Arrays.copyOf(png, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
        // The PNG header gives the picture's width in pixels; at device scale 1 that is the window's CSS width.
        int pictureWidth = ByteBuffer.wrap(png, 16, 4).getInt();
        assertThat(pictureWidth).isEqualTo(((Number) browser.script("return window.innerWidth")).intValue());
    }

    @Test
    void theDesktopWindowIsDesktopWideAndAsksForDutch() {
        Browser browser = desktop().get(url("/accessible"));

        assertThat(((Number) browser.script("return window.outerWidth")).intValue())
                .isEqualTo(Browser.DESKTOP.getWidth());
        assertThat(((Number) browser.script("return window.outerHeight")).intValue())
                .isEqualTo(Browser.DESKTOP.getHeight());
        assertThat(((Number) browser.script("return window.innerWidth")).intValue())
                .isEqualTo(Browser.DESKTOP.getWidth());
        assertThat(lastAcceptLanguage.get()).startsWith("nl");
        assertThat(browser.script("return navigator.language")).isEqualTo("nl");
    }

    @Test
    void thePhoneWindowIsPhoneNarrowAndAsksForTheChosenLanguage() {
        try (Browser phone = Browser.phone("en")) {
            phone.get(url("/accessible")).waitForVisible(By.id("heading"));

            // The page's viewport meta tag makes its layout as wide as the phone's screen.
            assertThat(((Number) phone.script("return window.innerWidth")).intValue())
                    .isEqualTo(Browser.PHONE.getWidth())
                    .isLessThanOrEqualTo(400);
            assertThat(phone.script("return matchMedia('(pointer: coarse)').matches")).isEqualTo(true);
            assertThat(lastAcceptLanguage.get()).startsWith("en");
            phone.screenshot("browser-self-test-phone");
        }
    }

    @Test
    void theAccessiblePageHasNoSeriousViolations() {
        Browser.requireAxe();
        Browser browser = desktop().get(url("/accessible"));

        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
    }

    @Test
    void theFaultyPageHasItsImageFieldAndContrastViolationsReported() {
        Browser.requireAxe();
        Browser browser = desktop().get(url("/faulty"));

        List<String> violations = browser.seriousAccessibilityViolations();

        assertThat(violations).hasSize(3);
        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("image-alt (critical): ").endsWith("; first of 1: img"));
        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("label (critical): ").endsWith("; first of 1: #name"));
        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("color-contrast (serious): ").endsWith("; first of 1: p"));
    }

    @Test
    void aMissingBrowserSkipsTheTestOutsideCi() {
        Path absent = Path.of("target", "no-such-chromium");

        assertThatThrownBy(() -> Browser.requireInstalled(Browser.chromedriver(), absent, false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("chromium at " + absent)
                .hasMessageContaining(Browser.INSTALL_HINT);
    }

    @Test
    void aMissingDriverFailsTheTestUnderCi() {
        Path absent = Path.of("target", "no-such-chromedriver");

        assertThatThrownBy(() -> Browser.requireInstalled(absent, Browser.chromium(), true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("chromedriver at " + absent)
                .hasMessageContaining(Browser.INSTALL_HINT)
                .hasMessageContaining("CI=true");
    }
}
