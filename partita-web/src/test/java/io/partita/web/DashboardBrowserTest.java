package io.partita.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's chromium + chromium-driver): run with {@code mvn
 * -Pbrowser verify -pl partita-web}.
 */
class DashboardBrowserTest {
  @TempDir Path temp;
  WebDriver driver;

  @BeforeEach
  void openBrowser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--user-data-dir=" + temp.resolve("chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1400, 900));
  }

  @AfterEach
  void closeBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  WebDriverWait await(int seconds) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds));
  }

  static By cell(String asset, String partition) {
    return By.cssSelector("rect[data-asset='" + asset + "'][data-partition='" + partition + "']");
  }

  @Test
  void startABackfillWatchCellsTurnGreenAndOpenTheFailedPartition() throws IOException {
    try (TestServer server = new TestServer(TestProjects.pipeline(temp.resolve("shop")))) {
      driver.get(server.base() + "/#token=" + TestServer.TOKEN);
      await(10)
          .until(d -> d.findElement(By.id("grid")).getText().contains("Nothing materialized yet"));

      driver.findElement(By.name("partitions")).sendKeys("2024-12-01..2024-12-14");
      driver.findElement(By.name("max_parallel")).sendKeys("2");
      driver.findElement(By.name("reason")).sendKeys("from the browser");
      driver.findElement(By.id("start-backfill")).click();
      await(10).until(d -> !d.findElements(By.id("started-run")).isEmpty());
      await(60).until(d -> "succeeded".equals(state(d, "features", "2024-12-14")));
      assertThat(state(driver, "raw_events", "2024-12-01")).isEqualTo("succeeded");
      assertThat(state(driver, "features", "2024-12-01")).isEqualTo("succeeded");
      assertThat(state(driver, "staging_events", TestProjects.FAILING_DAY))
          .isEqualTo("failed_checks");
      assertThat(driver.findElement(cell("raw_events", "2024-12-01")).getAttribute("fill"))
          .isEqualTo("#2e9d4f");
      screenshot(Path.of(System.getProperty("basedir", ".")).resolve("../docs/dashboard.png"));

      driver.findElement(cell("staging_events", TestProjects.FAILING_DAY)).click();
      await(10)
          .until(
              d ->
                  d.getCurrentUrl()
                      .endsWith("/partitions/staging_events/" + TestProjects.FAILING_DAY));
      WebElement checks = driver.findElement(By.id("checks"));
      assertThat(checks.getText()).contains("not_null(amount)", "failed", "0.333333", "<= 0.0");
      assertThat(driver.findElement(By.id("partition-status")).getText())
          .isEqualTo("failed checks");

      driver.findElement(By.cssSelector("#attempts a")).click();
      await(10).until(d -> !d.findElements(By.cssSelector("#gantt rect")).isEmpty());
      assertThat(driver.findElement(By.id("count-done")).getText()).isEqualTo("40 / 42");
      assertThat(driver.findElements(By.cssSelector("#gantt rect")))
          .hasSize(41); // the upstream_failed task never started
    }
  }

  @Test
  void theGridOfFiveAssetsAndThreeThousandDaysLoadsQuickly() throws IOException {
    try (TestServer server = new TestServer(TestProjects.large(temp.resolve("large"), 3000))) {
      driver.get(server.base() + "/");
      await(30)
          .until(
              d ->
                  js(
                      d,
                      "return document.getElementById('grid').getAttribute('aria-busy') === 'false'"));
      assertThat(js(driver, "return window.partitaGridRenderedAt !== undefined"))
          .as(driver.findElement(By.id("grid")).getText())
          .isTrue();
      // The summary counts cells, and says so: its state counts add up to partitions x assets.
      String summary = driver.findElement(By.id("grid-summary")).getText();
      assertThat(summary).startsWith("3000 partitions × 5 assets = 15000 cells · ");
      int counted =
          java.util.Arrays.stream(summary.split(" · "))
              .skip(1)
              .mapToInt(part -> Integer.parseInt(part.split(" ")[0]))
              .sum();
      assertThat(counted).as(summary).isEqualTo(15000);
      @SuppressWarnings("unchecked")
      Map<String, Object> timing =
          (Map<String, Object>)
              ((JavascriptExecutor) driver)
                  .executeScript(
                      "var n = performance.getEntriesByType('navigation')[0];"
                          + "return {dom: n.domContentLoadedEventEnd, load: n.loadEventEnd, grid: window.partitaGridRenderedAt,"
                          + " columns: document.getElementById('grid').dataset.columns, zoom: document.getElementById('grid').dataset.zoom};");
      double fullZoom =
          ((Number)
                  ((JavascriptExecutor) driver)
                      .executeScript(
                          "var t = performance.now(); document.querySelector('[data-zoom=partition]').click(); return performance.now() - t;"))
              .doubleValue();
      long rects = driver.findElements(By.cssSelector("#grid rect")).size();
      String report =
          String.format(
              java.util.Locale.ROOT,
              "grid 5 x 3000: DOMContentLoaded %.0f ms, load %.0f ms, grid drawn %.0f ms after navigation start (zoom %s, %s columns);"
                  + " redraw at partition zoom (%d cells) %.0f ms%n",
              ((Number) timing.get("dom")).doubleValue(),
              ((Number) timing.get("load")).doubleValue(),
              ((Number) timing.get("grid")).doubleValue(),
              timing.get("zoom"),
              timing.get("columns"),
              rects,
              fullZoom);
      System.out.print(report);
      Path out = Path.of(System.getProperty("basedir", ".")).resolve("target/grid-load.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, report);
      assertThat(rects).isEqualTo(15_000);
      assertThat(((Number) timing.get("grid")).doubleValue()).isLessThan(5000);
      assertThat(fullZoom).isLessThan(3000);
    }
  }

  static String state(WebDriver driver, String asset, String partition) {
    var cells = driver.findElements(cell(asset, partition));
    try {
      return cells.isEmpty() ? null : cells.get(0).getAttribute("data-state");
    } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
      // The grid redrew between finding the cell and reading it: unknown yet, the wait asks again.
      return null;
    }
  }

  static boolean js(WebDriver driver, String script) {
    return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(script));
  }

  void screenshot(Path target) throws IOException {
    File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.createDirectories(target.getParent());
    Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
