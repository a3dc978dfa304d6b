package org.vigil.console.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (no driver download). A test that needs it skips
 * with the reason when either program is absent ({@code ./vigil test} installs both).
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of(System.getProperty("vigil.chromium", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER = Path.of(System.getProperty("vigil.chromedriver", "/usr/bin/chromedriver"));

  public final WebDriver driver;
  private final Path profile;

  private Browser(WebDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips the calling test when Chromium or chromedriver is missing. */
  public static void assumeAvailable() {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium or chromedriver is absent (" + CHROMIUM + ", " + CHROMEDRIVER
            + "): apt-get install chromium chromium-driver, or run ./vigil test, which installs them");
  }

  public static Browser start() throws IOException {
    assumeAvailable();
    Path profile = Files.createTempDirectory("vigil-chromium-");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
        "--window-size=1400,1000");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver d = new ChromeDriver(service, o);
    d.manage().window().setSize(new Dimension(1400, 1000));
    return new Browser(d, profile);
  }

  /** The text of the element with this CSS selector, read in one step (live views redraw often). */
  public String text(String css) {
    Object t = js("var e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
    return t == null ? null : t.toString();
  }

  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  public WebDriverWait waitUpTo(Duration d) {
    WebDriverWait w = new WebDriverWait(driver, d);
    w.pollingEvery(Duration.ofMillis(100));
    // Live views redraw their parts: an element found a moment ago may be gone; look again.
    w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return w;
  }

  /** Opens the console and logs in. */
  public void login(java.net.URI console, String user) {
    driver.get(console.toString());
    driver.manage().deleteAllCookies();
    driver.get(console.toString());
    waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("login-user")).isDisplayed());
    driver.findElement(By.id("login-user")).sendKeys(user);
    driver.findElement(By.id("login-password")).sendKeys(user + "-pw");
    driver.findElement(By.id("login-submit")).click();
    waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("app")).isDisplayed()
        && "live".equals(d.findElement(By.id("conn")).getText()));
  }

  /**
   * Saves a screenshot as {@code target/screenshots/<name>.png}; with {@code forDocs}, also copies it to
   * the folder in system property {@code vigil.docs.screenshots} when it is set (the README's docs/screenshots,
   * which {@code DemoCountyScreenshotsIT} takes of the demo county).
   */
  public Path screenshot(String name, boolean forDocs) throws IOException {
    Path dir = Path.of(System.getProperty("vigil.screenshots", "target/screenshots"));
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".png");
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    String docs = System.getProperty("vigil.docs.screenshots");
    if (forDocs && docs != null && !docs.isBlank()) {
      Path d = Path.of(docs);
      Files.createDirectories(d);
      Files.copy(file, d.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (var s = Files.walk(profile)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
