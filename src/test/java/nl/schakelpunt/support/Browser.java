package nl.schakelpunt.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for the browser tests, driven through Debian's chromedriver. The driver and
 * browser are named explicitly so Selenium never tries to download either: there is no network.
 */
public final class Browser implements AutoCloseable {

    /** The desktop window; headless Chromium keeps some of its height for browser controls it doesn't draw. */
    public static final Dimension DESKTOP = new Dimension(1280, 900);
    /** The phone's screen in CSS pixels, all of it for the page. */
    public static final Dimension PHONE = new Dimension(390, 844);
    public static final String DEFAULT_LANGUAGE = "nl";
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String INSTALL_HINT = "apt-get install -y chromium chromium-driver";

    // Shipped at the root of the class path by the test dependency com.deque.html.axe-core:selenium.
    private static final String AXE_RESOURCE = "axe.min.js";
    private static volatile String axeSource;

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A desktop-sized browser asking for Dutch pages. */
    public static Browser desktop() {
        return desktop(DEFAULT_LANGUAGE);
    }

    /** A desktop-sized browser asking for pages in this language ("nl", "en", ...). */
    public static Browser desktop(String language) {
        ChromeOptions options = options(language);
        options.addArguments("--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight());
        return start(options);
    }

    /** A phone-sized browser asking for Dutch pages. */
    public static Browser phone() {
        return phone(DEFAULT_LANGUAGE);
    }

    /**
     * A phone-sized browser asking for pages in this language. Chromium keeps windows at least
     * 500 px wide, so the phone is emulated: a 390 x 844 touch screen at three device pixels per
     * CSS pixel that honours the page's viewport meta tag, as a phone's browser does.
     */
    public static Browser phone(String language) {
        ChromeOptions options = options(language);
        options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of(
                "width", PHONE.getWidth(), "height", PHONE.getHeight(), "pixelRatio", 3.0, "touch", true)));
        return start(options);
    }

    private static ChromeOptions options(String language) {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().toFile());
        options.addArguments(
                "--headless=new",
                // CI runs as root, where Chromium refuses to start with its sandbox.
                "--no-sandbox",
                "--lang=" + language,
                // Nothing outside this machine is reachable: don't let the browser try.
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        return options;
    }

    private static Browser start(ChromeOptions options) {
        // An explicit driver executable keeps Selenium Manager, which would go online, out of it.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // axe needs longer than Selenium's default script timeout on larger pages.
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return new Browser(driver);
    }

    /**
     * Skips the calling test when chromium or chromedriver is missing, or fails it when the
     * environment variable CI is "true": CI must run the browser tests. Usable from
     * {@code @BeforeAll} and {@code @BeforeEach}.
     */
    public static void requireInstalled() {
        requireInstalled(chromedriver(), chromium(), runningInCi());
    }

    static void requireInstalled(Path driver, Path browser, boolean ci) {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(driver)) {
            missing.add("chromedriver at " + driver + " (set CHROMEDRIVER or -Dchromedriver to another path)");
        }
        if (!Files.isExecutable(browser)) {
            missing.add("chromium at " + browser + " (set CHROMIUM or -Dchromium to another path)");
        }
        if (!missing.isEmpty()) {
            unavailable("Browser tests need " + String.join(" and ", missing) + "; install with: " + INSTALL_HINT,
                    ci);
        }
    }

    /** The chromedriver to use: system property chromedriver, else CHROMEDRIVER, else Debian's. */
    public static Path chromedriver() {
        return configuredPath("chromedriver", "CHROMEDRIVER", "/usr/bin/chromedriver");
    }

    /** The browser to use: system property chromium, else CHROMIUM, else Debian's. */
    public static Path chromium() {
        return configuredPath("chromium", "CHROMIUM", "/usr/bin/chromium");
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Loads this URL and waits until the page has loaded. */
    public Browser get(String url) {
        driver.get(url);
        return this;
    }

    public String title() {
        return driver.getTitle();
    }

    /** Runs JavaScript in the page and gives back its result. */
    public Object script(String javaScript, Object... arguments) {
        return driver.executeScript(javaScript, arguments);
    }

    public WebElement waitForVisible(By locator) {
        return waitForVisible(locator, DEFAULT_WAIT);
    }

    public WebElement waitForVisible(By locator, Duration timeout) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(locator), timeout, "visible " + locator);
    }

    public void waitForTitleContaining(String text) {
        waitFor(ExpectedConditions.titleContains(text), DEFAULT_WAIT, "a title containing '" + text + "'");
    }

    private <T> T waitFor(Function<? super WebDriver, T> condition, Duration timeout, String what) {
        try {
            return new WebDriverWait(driver, timeout).until(condition);
        } catch (TimeoutException e) {
            // A picture of what the page showed instead is the quickest way to see why.
            Path picture = screenshot("timeout-" + System.currentTimeMillis());
            throw new AssertionError("No " + what + " within " + timeout.toMillis() + " ms on "
                    + driver.getCurrentUrl() + " (title '" + driver.getTitle() + "'); screenshot: " + picture, e);
        }
    }

    /** Saves what the window shows as target/screenshots/NAME.png. */
    public Path screenshot(String name) {
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("A screenshot name is a plain file name, not '" + name + "'");
        }
        Path file = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save screenshot " + file.toAbsolutePath(), e);
        }
        return file;
    }

    /** Whether the axe-core engine is on the test class path. */
    public static boolean axeAvailable() {
        return Browser.class.getClassLoader().getResource(AXE_RESOURCE) != null;
    }

    /** Skips the calling test when axe-core is missing, or fails it under CI, like {@link #requireInstalled()}. */
    public static void requireAxe() {
        if (!axeAvailable()) {
            unavailable("Accessibility checks need " + AXE_RESOURCE
                    + " on the test class path: add the test dependency com.deque.html.axe-core:selenium", runningInCi());
        }
    }

    /**
     * Runs axe-core over the current page and describes each violation of impact serious or
     * critical as "rule (impact): help; first of N: selector", where N counts the offending elements
     * and frames or shadow roots in the selector are joined by " >>> ". Empty when there are none.
     */
    public List<String> seriousAccessibilityViolations() {
        driver.executeScript(axeSource());
        Object answer = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(
                    results => done(results.violations
                        .filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                                    target: v.nodes.length ? v.nodes[0].target.flat().join(' >>> ') : ''}))),
                    error => done({error: String(error)}));
                """);
        if (answer instanceof Map<?, ?> failure) {
            throw new IllegalStateException("axe could not check " + driver.getCurrentUrl() + ": " + failure.get("error"));
        }
        List<String> descriptions = new ArrayList<>();
        for (Object item : (List<?>) answer) {
            Map<?, ?> violation = (Map<?, ?>) item;
            descriptions.add(violation.get("id") + " (" + violation.get("impact") + "): " + violation.get("help")
                    + "; first of " + violation.get("count") + ": " + violation.get("target"));
        }
        return descriptions;
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static String axeSource() {
        String source = axeSource;
        if (source == null) {
            try (InputStream in = Browser.class.getClassLoader().getResourceAsStream(AXE_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(AXE_RESOURCE + " is not on the test class path: "
                            + "add the test dependency com.deque.html.axe-core:selenium");
                }
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + AXE_RESOURCE, e);
            }
            axeSource = source;
        }
        return source;
    }

    private static void unavailable(String message, boolean ci) {
        if (ci) {
            Assertions.fail(message + " (CI=true: browser tests must run here)");
        }
        Assumptions.abort(message);
    }

    private static boolean runningInCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static Path configuredPath(String property, String variable, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return Path.of(value == null || value.isBlank() ? fallback : value);
    }
}
