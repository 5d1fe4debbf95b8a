package io.jobwatch.dashboard;

import io.jobwatch.testing.Api;
import io.jobwatch.testing.FreePorts;
import io.jobwatch.testing.JobwatchCluster;
import io.jobwatch.testing.TestCluster;
import io.jobwatch.testing.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real, headless Chromium (Debian's {@code chromium} and {@code chromium-driver};
 * {@code .ci/run} installs them, and without them this test is skipped), on two nodes behind a
 * failover proxy: rows, progress and the run log update live while a job is driven through the
 * API; after the page's node is stopped it goes on through the other node and the log continues
 * without a gap or a repeat; a user without rights sees no controls and no foreign jobs; a list of
 * 1,000 jobs is paged. Screenshots go to {@code target/}.
 */
@JobwatchCluster(nodes = 2, users = "viewer:viewer-password:user:job:read:shared.*")
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static TestCluster cluster;
  private static Vertx vertx;
  private static FailoverProxy proxy;
  private static int port;
  private static Api admin;
  private static WebDriver browser;

  @BeforeAll
  static void start(TestCluster started, Vertx clients) throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "Chromium is not installed (apt-get install chromium chromium-driver; .ci/run does it)");
    cluster = started;
    vertx = clients;
    proxy = new FailoverProxy(vertx, List.of(cluster.node(0).config().httpPort(), cluster.node(1).config().httpPort()));
    port = proxy.start(FreePorts.next());
    admin = cluster.api(1).asAdmin();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
        "--user-data-dir=" + Files.createTempDirectory("jobwatch-chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private static <T> T waitFor(Function<WebDriver, T> condition) {
    // The table redraws a row when its job changes: an element found a moment ago may be gone; look again.
    return new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(condition);
  }

  /** Clicks a job's row once it is shown (looked up again if it was redrawn meanwhile). */
  private static void clickRow(String jobId) {
    waitFor(d -> {
      WebElement row = row(jobId);
      if (row == null || !row.isDisplayed()) {
        return false;
      }
      row.click();
      return true;
    });
  }

  private static void login(String user, String password) {
    browser.get("http://127.0.0.1:" + port + "/");
    waitFor(d -> d.findElement(By.id("login-user")).isDisplayed());
    browser.findElement(By.id("login-user")).sendKeys(user);
    browser.findElement(By.id("login-password")).sendKeys(password);
    browser.findElement(By.id("login-submit")).click();
    waitFor(d -> "live".equals(d.findElement(By.id("conn-state")).getText()));
  }

  private static void logout() {
    browser.findElement(By.id("logout")).click();
    waitFor(d -> d.findElement(By.id("login-user")).isDisplayed());
  }

  private static WebElement row(String jobId) {
    List<WebElement> rows = browser.findElements(By.cssSelector("#jobs-table tr[data-job-id='" + jobId + "']"));
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** The job id of the table's first row, read in the page at once (a row may be redrawn at any time). */
  private static String firstRowJobId() {
    return (String) ((JavascriptExecutor) browser).executeScript(
        "return document.querySelector('#jobs-table tr[data-job-id]').dataset.jobId;");
  }

  /** The line numbers shown in the run log, in page order. */
  private static List<Long> shownLines() {
    @SuppressWarnings("unchecked")
    List<Object> numbers = (List<Object>) ((JavascriptExecutor) browser).executeScript(
        "return Array.from(document.querySelectorAll('#job-log .line')).map(e => Number(e.dataset.n));");
    List<Long> out = new ArrayList<>();
    numbers.forEach(n -> out.add(((Number) n).longValue()));
    return out;
  }

  /** The count the summary table shows for a name and state, or -1 when it has no such row. */
  private static long summaryCount(String name, String state) {
    Object n = ((JavascriptExecutor) browser).executeScript(
        "const r = Array.from(document.querySelectorAll('#summary-table tbody tr')).find(tr =>"
            + " tr.cells[0].textContent === arguments[0] && tr.cells[1].textContent === arguments[1]);"
            + " return r ? Number(r.cells[2].textContent) : -1;", name, state);
    return ((Number) n).longValue();
  }

  private static void appendLines(Api api, String jobId, int from, int count) {
    JsonArray lines = new JsonArray();
    for (int i = 0; i < count; i++) {
      lines.add("line " + (from + i));
    }
    assertEquals(200, api.post("/jobs/" + jobId + "/runlog", new JsonObject().put("lines", lines)
        .put("after", from - 1)).status());
  }

  private static void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), Path.of("target", name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void verifiesThatTheQueueAndAJobUpdateLiveAndTheLogGoesOnThroughAnotherNodeWithoutGapOrRepeat() throws Exception {
    login("admin", TestCluster.ADMIN_PASSWORD);
    Object paint = ((JavascriptExecutor) browser).executeScript("const p = performance.getEntriesByName("
        + "'first-contentful-paint'); return p.length ? p[0].startTime : -1;");
    Files.writeString(Path.of("target", "dashboard-first-paint.txt"), "first contentful paint: " + paint + " ms\n");

    String jobId = admin.createJob("dash.report").getString("jobId");
    waitFor(d -> row(jobId) != null);
    admin.event(jobId, "request_start_job");
    admin.post("/jobs/" + jobId + "/status", new JsonObject().put("percent", 42).put("desc", "Calculating"));
    waitFor(d -> row(jobId) != null && "42".equals(row(jobId).findElement(By.cssSelector(".pct")).getDomAttribute("data-percent")));
    waitFor(d -> "running".equals(row(jobId).findElement(By.cssSelector("td[data-state]")).getText()));
    screenshot("dashboard-list.png");

    browser.findElement(By.id("nav-summary")).click();
    waitFor(d -> summaryCount("dash.report", "running") == 1);
    waitFor(d -> !d.findElements(By.cssSelector("#summary-chart canvas")).isEmpty());
    waitFor(d -> d.findElement(By.id("history-box")).isDisplayed()
        && !d.findElements(By.cssSelector("#history-chart canvas")).isEmpty());
    screenshot("dashboard-summary.png");
    browser.findElement(By.id("nav-queue")).click();
    clickRow(jobId);
    waitFor(d -> jobId.equals(d.findElement(By.id("job-id")).getText()));
    appendLines(admin, jobId, 1, 30);
    waitFor(d -> shownLines().size() == 30);
    admin.post("/jobs/" + jobId + "/status", new JsonObject().put("percent", 60).put("desc", "Writing"));
    waitFor(d -> "Writing".equals(d.findElement(By.id("job-desc")).getText()));
    assertTrue(browser.findElement(By.id("btn-kill")).isDisplayed(), "the admin may kill it");

    // The page's node (the proxy's first) stops; the page reconnects through the proxy to the other.
    cluster.node(0).stop().await();
    waitFor(d -> "resumed".equals(d.findElement(By.id("conn-state")).getText()));
    appendLines(admin, jobId, 31, 40);
    waitFor(d -> shownLines().size() >= 70);
    List<Long> expected = new ArrayList<>();
    for (long n = 1; n <= 70; n++) {
      expected.add(n);
    }
    assertEquals(expected, shownLines(), "every line once, in order, across the node's stop");
    admin.post("/jobs/" + jobId + "/status", new JsonObject().put("percent", 90).put("desc", "Almost"));
    waitFor(d -> "90".equals(d.findElement(By.id("job-bar")).findElement(By.xpath("..")).getDomAttribute("data-percent")));
    screenshot("dashboard-job.png");
    logout();
  }

  @Test
  void verifiesThatAUserWithoutRightsSeesNoControlsAndNoForeignJobs() throws Exception {
    String hidden = admin.createJob("dash.secret").getString("jobId");
    String shared = admin.createJob("shared.report").getString("jobId");
    login("viewer", "viewer-password");
    waitFor(d -> row(shared) != null);
    assertEquals(null, row(hidden), "a job he may not read is not listed");
    browser.findElement(By.id("nav-summary")).click();
    waitFor(d -> summaryCount("shared.report", "pending") >= 1);
    assertEquals(-1, summaryCount("dash.secret", "pending"), "the summary names no job he may not read");
    assertTrue(!browser.findElement(By.id("history-box")).isDisplayed(), "no history chart without queue:history");
    browser.findElement(By.id("nav-queue")).click();
    clickRow(shared);
    waitFor(d -> shared.equals(d.findElement(By.id("job-id")).getText()));
    for (String button : List.of("btn-kill", "btn-restart", "btn-remove")) {
      assertTrue(!browser.findElement(By.id(button)).isDisplayed(), button + " is not shown to a reader");
    }
    browser.get("http://127.0.0.1:" + port + "/#job/" + hidden);
    waitFor(d -> d.findElement(By.id("banner")).isDisplayed());
    assertTrue(browser.findElement(By.id("banner")).getText().contains("unknown_job"));
    assertTrue(!hidden.equals(browser.findElement(By.id("job-id")).getText()), "nothing of the hidden job is shown");
    logout();
    assertEquals(0, browser.findElements(By.cssSelector("#jobs-table tr[data-job-id]")).size(),
        "nothing of the last user stays in the page");
  }

  @Test
  void verifiesThatThePageRenewsItsTokenBeforeItExpiresAndItsStreamOutlivesTheFirstToken() {
    browser.get("http://127.0.0.1:" + port + "/");
    long expires = System.currentTimeMillis() + 12_000;
    String shortLived = Tokens.adminExpiringIn(12);
    ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('jobwatch', JSON.stringify({token: arguments[0],"
        + " expiresAt: new Date(Number(arguments[1])).toISOString()}));", shortLived, String.valueOf(expires));
    browser.navigate().refresh();
    waitFor(d -> "live".equals(d.findElement(By.id("conn-state")).getText()));
    waitFor(d -> !((String) ((JavascriptExecutor) d).executeScript("return sessionStorage.getItem('jobwatch');"))
        .contains(shortLived));
    waitFor(d -> System.currentTimeMillis() > expires + 2_000);
    String jobId = admin.createJob("dash.renewed").getString("jobId");
    waitFor(d -> row(jobId) != null);
    assertEquals("live", browser.findElement(By.id("conn-state")).getText(), "the socket was never closed");
    logout();
  }

  @Test
  void verifiesThatAThousandJobsArePagedAndEachPageShowsFifty() {
    cluster.api(1).asAdmin().createJobs("dash.many", 1000);
    login("admin", TestCluster.ADMIN_PASSWORD);
    browser.findElement(By.id("f-name")).sendKeys("dash.many");
    browser.findElement(By.cssSelector("#filters button")).click();
    waitFor(d -> d.findElement(By.id("page-info")).getText().contains("1000 jobs"));
    assertEquals(50, browser.findElements(By.cssSelector("#jobs-table tr[data-job-id]")).size());
    String first = firstRowJobId();
    browser.findElement(By.id("page-next")).click();
    waitFor(d -> d.findElement(By.id("page-info")).getText().startsWith("page 2 of 20"));
    assertTrue(!first.equals(firstRowJobId()));
    logout();
  }
}
