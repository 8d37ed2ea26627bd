package org.ferry.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser: headless Chromium from Debian with its own profile directory, so two instances are
 * two independent users, and quitting and reopening keeps localStorage (the stored session). Elements are
 * found by data-testid. Not thread-safe.
 */
final class Browser implements AutoCloseable {
    static final Dimension DESKTOP = new Dimension(1280, 800);
    static final Dimension PHONE = new Dimension(390, 844);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final String name;
    private final Path profile;
    private final Path screenshots;
    private final List<String> consoleErrors = new ArrayList<>();
    private ChromeDriver driver;

    Browser(String name, Path profile, Path screenshots) {
        this.name = name;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    Browser open(String url) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,800",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(DESKTOP);
        driver.get(url);
        return this;
    }

    WebDriver driver() {
        return driver;
    }

    static By testid(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    /** The first visible element with the testid, waiting for it. */
    WebElement find(String id) {
        return until(d -> d.findElements(testid(id)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    List<WebElement> all(String id) {
        return driver.findElements(testid(id));
    }

    boolean visible(String id) {
        return driver.findElements(testid(id)).stream().anyMatch(WebElement::isDisplayed);
    }

    void click(String id) {
        find(id).click();
    }

    void type(String id, String text) {
        WebElement el = find(id);
        el.clear();
        el.sendKeys(text);
    }

    void pressEnter(String id) {
        find(id).sendKeys(Keys.ENTER);
    }

    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /** The chat-list item whose title is {@code title}, waiting for it. */
    WebElement chatItem(String title) {
        return until(d -> d.findElements(testid("chat-item")).stream()
                .filter(e -> e.findElement(testid("chat-item-title")).getText().equals(title))
                .findFirst().orElse(null));
    }

    /** Texts of the loaded messages of the open chat, oldest first (service messages excluded). */
    List<String> messageTexts() {
        return driver.findElements(By.cssSelector("[data-testid='message'] [data-testid='message-text']"))
                .stream().map(WebElement::getText).toList();
    }

    void waitForMessage(String text) {
        until(d -> messageTexts().contains(text) ? Boolean.TRUE : null);
    }

    void sendMessage(String text) {
        WebElement composer = find("composer");
        composer.sendKeys(text);
        composer.sendKeys(Keys.ENTER);
        waitForMessage(text);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void resize(Dimension size) {
        driver.manage().window().setSize(size);
        ServerProcess.sleep(300);
    }

    void screenshot(String file) {
        try {
            Files.createDirectories(screenshots);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), screenshots.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console errors since the last call (SEVERE entries of the browser log). */
    List<String> takeConsoleErrors() {
        drainLog();
        List<String> out = List.copyOf(consoleErrors);
        consoleErrors.clear();
        return out;
    }

    private void drainLog() {
        if (driver == null) {
            return;
        }
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                consoleErrors.add(name + ": " + e.getMessage());
            }
        }
    }

    /** Closes the browser and keeps the profile (localStorage survives, as when a person closes it). */
    void quit() {
        if (driver != null) {
            drainLog();
            driver.quit();
            driver = null;
        }
    }

    @Override
    public void close() {
        quit();
    }
}
