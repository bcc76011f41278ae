package io.chaosplane.testsupport.browser;

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
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, driven by its chromedriver through Selenium, headless and with a profile of its own. Checks
 * pages with axe-core and writes their screenshots to {@code target/screenshots/}.
 */
public final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final int WIDE = 1280;
    public static final int NARROW = 390;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** An accessibility rule a page breaks, as axe-core reports it. */
    public record Violation(String id, String impact, String help, List<String> targets) {}

    private final ChromeDriver driver;
    private final String baseUrl;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, String baseUrl, Path profile) {
        this.driver = driver;
        this.baseUrl = baseUrl;
        this.profile = profile;
    }

    public static HeadlessChromium open(int port) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromedriver: "
                    + "apt-get install -y chromium chromium-driver");
        }
        try {
            Path profile = Files.createTempDirectory("chromium-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile,
                    "--window-size=" + WIDE + ",900");
            // the console, where Chromium reports what the Content Security Policy refused, for consoleMessages()
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, "http://localhost:" + port, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void go(String path) {
        driver.get(baseUrl + path);
    }

    public String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getRawPath();
    }

    public void signIn(String email, String password) {
        go("/login");
        driver.findElement(By.id("username")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        waitUntil(Duration.ofSeconds(10), d -> !path().equals("/login"));
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The element, once the page shows it: after a click that loads another page. */
    public WebElement await(String css) {
        return waitUntil(Duration.ofSeconds(15), d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.getFirst();
        });
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The element's text; read again when a live page swaps the element while it is read. */
    public String text(String css) {
        return waitUntil(
                Duration.ofSeconds(10), d -> d.findElement(By.cssSelector(css)).getText());
    }

    /** Clicks the element; found again when a live page swaps it first. */
    public void click(String css) {
        waitUntil(Duration.ofSeconds(10), d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    public <T> T waitUntil(Duration timeout, Function<WebDriver, T> condition) {
        // parts of live pages are swapped while a test reads them: read again rather than fail
        return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Screenshots of the whole current page at both widths, named {@code <name>-1280.png} and {@code <name>-390.png}. */
    public void screenshots(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            for (int width : new int[] {WIDE, NARROW}) {
                viewport(width, 900);
                long height = ((Number) driver.executeScript(
                                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)"))
                        .longValue();
                viewport(width, (int) Math.min(Math.max(height, 600), 8000));
                Files.write(SCREENSHOTS.resolve(name + "-" + width + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /**
     * The elements that stick out of a page {@code width} CSS pixels wide (outside any scrolling box), which at
     * 390 px means a broken layout; empty when none does.
     */
    public List<String> overflowing(int width) {
        viewport(width, 900);
        try {
            Object found = driver.executeScript("""
                    const width = document.documentElement.clientWidth;
                    if (document.documentElement.scrollWidth <= width + 1) return [];
                    const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
                        const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
                        return false; };
                    return [...document.querySelectorAll('body *')]
                        .filter(el => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
                        .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                            + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));""");
            return ((List<?>) found).stream().map(String::valueOf).toList();
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private void viewport(int width, int height) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** The serious and critical accessibility violations of the current page, by axe-core. */
    public List<Violation> seriousViolations() {
        driver.executeScript(axeSource());
        Object result = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                            targets: v.nodes.map(n => n.target.join(' '))}))))
                   .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), targets: []}]));""");
        List<Violation> violations = new ArrayList<>();
        for (Object item : (List<?>) result) {
            Map<?, ?> violation = (Map<?, ?>) item;
            String impact = String.valueOf(violation.get("impact"));
            if (impact.equals("serious") || impact.equals("critical")) {
                violations.add(new Violation(
                        String.valueOf(violation.get("id")),
                        impact,
                        String.valueOf(violation.get("help")),
                        ((List<?>) violation.get("targets"))
                                .stream().map(String::valueOf).toList()));
            }
        }
        return violations;
    }

    /**
     * What the pages wrote to the browser's console since the last call (Chromium's own messages too, such as a
     * refusal by the Content Security Policy), as {@code LEVEL message}.
     */
    public List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .toList();
    }

    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    private static String axeSource() {
        try (InputStream in =
                HeadlessChromium.class.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe-core is missing from the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
