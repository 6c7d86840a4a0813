package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.broker.DataDirs;
import io.chipwatch.broker.EmbeddedKafka;
import io.chipwatch.model.json.Json;
import io.chipwatch.web.WebService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromedriver, see
 * .ci/ensure-chromium.sh) against the whole pipeline on its own embedded broker: the sample archive is
 * replayed, its alerts show on the live page, a new alert appears without a reload, search, an entity
 * page, a back-test preview and saving a watch work, and a hostile title stays text. One browser for the
 * class. Screenshots go to target/screenshots, or to {@code -Dchipwatch.screenshots=DIR} (the README's are
 * made with {@code -Dchipwatch.screenshots=../docs/screenshots}).
 */
@Tag("integration")
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebBrowserIT {
    private static final Path FIXTURES = Path.of("src", "test", "resources", "web-fixtures");
    private static final Duration UI_WAIT = Duration.ofSeconds(20);

    static Path dataDir;
    static EmbeddedKafka broker;
    static Shutdown.Closer closer;
    static KafkaOptions options;
    static String url;
    static ChromeDriver driver;
    static Path shots;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("chipwatch-web-browser-");
        shots = Path.of(System.getProperty("chipwatch.screenshots", "target/screenshots"));
        Files.createDirectories(shots);
        broker = EmbeddedKafka.start(dataDir.resolve("kafka"));
        options = new KafkaOptions();
        options.bootstrapServers = broker.bootstrapServers();
        options.dataDir = dataDir;
        options.seeds = SamplesExpectations.SEEDS;
        closer = new Shutdown.Closer();
        KafkaEnvironment env = closer.add(KafkaEnvironment.open(options, 0, "web"));
        closer.add(Pipeline.builder(options, env.bootstrapServers()).services(EnumSet.allOf(Pipeline.Service.class)).poll(false)
                .notifyChannels(false).console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).start());
        WebOptions web = new WebOptions();
        web.port = 0;
        web.bind = "127.0.0.1";
        WebService service = closer.add(WebWiring.service(options, env.bootstrapServers(), web));
        url = service.start();
        ReplayCommand.replay(options, env.bootstrapServers(), List.of(SamplesExpectations.SEEDS.resolve("articles"),
                FIXTURES.resolve("hostile.txt")), null, null, false);
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                .until(() -> api("alerts?limit=1").get("total").asInt() >= 20 && api("articles?q=" + enc("\"jump again\"")).get("total").asInt() == 1);
        driver = browser();
    }

    static ChromeDriver browser() throws Exception {
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage", "--window-size=1280,860",
                "--user-data-dir=" + Files.createTempDirectory(dataDir, "chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (closer != null) {
            closer.close();
        }
        if (broker != null) {
            broker.close();
        }
        DataDirs.deleteRecursively(dataDir);
    }

    static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/" + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(driver, UI_WAIT);
    }

    static void open(String path) {
        driver.get(url + path.substring(1));
    }

    static void shot(String name) throws Exception {
        Files.write(shots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    static void theme(String theme) {
        ((JavascriptExecutor) driver).executeScript("localStorage.setItem('chipwatch-theme', arguments[0])", theme);
    }

    @Test
    @Order(1)
    void shouldShowTheReplayedAlertsAndANewOneLiveWithoutReload() throws Exception {
        open("/");
        waiting().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#alerts-list .alert-item"), 10));
        waiting().until(ExpectedConditions.textToBe(By.id("live"), "live"));
        shot("alerts-light");
        ((JavascriptExecutor) driver).executeScript("window.__notReloaded = true");
        ReplayCommand.replay(options, broker.bootstrapServers(), List.of(FIXTURES.resolve("live-entity-list.txt")), null, null, false);
        WebElement fresh = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#alerts-list .alert-item.new")));
        assertThat(fresh.getText()).contains("Cambricon and two cloud resellers added to the US Entity List");
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__notReloaded")).as("same page, no reload").isEqualTo(true);
        List<WebElement> items = driver.findElements(By.cssSelector("#alerts-list .alert-item"));
        assertThat(items.get(0).getText()).contains("Cambricon");
    }

    @Test
    @Order(2)
    void shouldOpenAnAlertWithItsEvidenceHighlightedAndItsStory() throws Exception {
        open("/");
        waiting().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#alerts-list .alert-item"), 10));
        new org.openqa.selenium.interactions.Actions(driver).sendKeys("j").perform();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#alerts-list .alert-item.selected")));
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        waiting().until(ExpectedConditions.urlContains("/alerts/"));
        WebElement evidence = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#article-text mark#evidence")));
        assertThat(evidence.getText()).isNotBlank();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#story .item")));
        shot("alert-light");
    }

    @Test
    @Order(3)
    void shouldSearchWithTheWatchQueryLanguageAndKeepHostileTitlesAsText() throws Exception {
        open("/search");
        WebElement q = waiting().until(ExpectedConditions.elementToBeClickable(By.id("search-input")));
        q.sendKeys("\"Ascend 950\" AND (DeepSeek OR Alibaba)");
        q.submit();
        waiting().until(ExpectedConditions.textMatches(By.id("search-total"), java.util.regex.Pattern.compile("[\\d,]+\\+? articles?")));
        waiting().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#search-results .result-item"), 1));
        shot("search-light");
        String text = driver.findElement(By.id("search-results")).getText();
        // Ingest now keeps only plain text, so the fixture's markup is gone before the title reaches a topic; WebApiIT puts a
        // hostile title on the topic itself and checks the API keeps it as text. Here: the article is found, nothing runs.
        assertThat(text).contains("Ascend 950 orders jump again").doesNotContain("onerror");
        assertThat(driver.findElements(By.cssSelector("#search-results img"))).as("no element made from the title").isEmpty();
        assertThat(driver.findElements(By.cssSelector("#search-results script, #search-results b"))).isEmpty();
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__pwned === undefined")).isEqualTo(true);
    }

    @Test
    @Order(4)
    void shouldShowAnEntityPageWithItsMentionsChartAndStories() throws Exception {
        open("/entities");
        WebElement q = waiting().until(ExpectedConditions.elementToBeClickable(By.id("entity-search")));
        q.sendKeys("huawei asc");
        // the list re-renders as the query is typed: click the link of its latest rendering
        waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(By.linkText("Huawei Ascend")).click();
            return true;
        });
        waiting().until(ExpectedConditions.urlContains("/entities/huawei-ascend"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#entity-chart canvas")));
        assertThat(driver.findElements(By.cssSelector("#entity-stories .item"))).isNotEmpty();
        shot("entity-light");
        theme("dark");
        driver.navigate().refresh();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#entity-chart canvas")));
        shot("entity-dark");
        theme("light");
    }

    @Test
    @Order(5)
    void shouldPreviewAWatchOverTheHistoryThenSaveIt() throws Exception {
        open("/watches/new");
        WebElement id = waiting().until(ExpectedConditions.elementToBeClickable(By.id("w-id")));
        driver.findElement(By.id("w-query")).sendKeys("smic AND (");
        WebElement problem = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#problems li")));
        assertThat(problem.getText()).contains("invalid Lucene query");
        driver.findElement(By.id("w-query")).clear();
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#problems li"), 0));
        id.sendKeys("ascend-orders-ui");
        driver.findElement(By.id("w-name")).sendKeys("Ascend orders (from the browser)");
        driver.findElement(By.cssSelector("input.w-event[value='DEMAND_SURGE']")).click();
        driver.findElement(By.id("w-entities")).sendKeys("huawei-ascend");
        WebElement days = driver.findElement(By.id("preview-days"));
        days.clear();
        days.sendKeys("3650");
        driver.findElement(By.id("preview-button")).click();
        WebElement summary = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("preview-summary")));
        assertThat(summary.getText()).containsPattern("Would have fired [1-9]\\d* alerts?");
        assertThat(driver.findElements(By.cssSelector("#preview-list .alert-item"))).isNotEmpty();
        ((JavascriptExecutor) driver).executeScript("document.getElementById('w-query').scrollIntoView()");
        shot("watch-preview-light");
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/watches/ascend-orders-ui")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("a preview saves nothing").isEqualTo(404);
        driver.findElement(By.id("save-button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("save-message"), "Saved"));
        JsonNode saved = api("watches/ascend-orders-ui");
        assertThat(saved.get("events").get("types").get(0).asText()).isEqualTo("DEMAND_SURGE");
        assertThat(saved.get("entities").get("any").get(0).asText()).isEqualTo("huawei-ascend");
        open("/watches");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".watch-item[data-id='ascend-orders-ui']")));
    }

    @Test
    @Order(6)
    void shouldWorkAtPhoneWidthInBothThemes() throws Exception {
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            open("/");
            waiting().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#alerts-list .alert-item"), 3));
            long overflow = (Long) ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow).as("no horizontal scrolling on a phone").isLessThanOrEqualTo(0);
            shot("alerts-phone-light");
            theme("dark");
            driver.navigate().refresh();
            waiting().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#alerts-list .alert-item"), 3));
            shot("alerts-phone-dark");
            driver.manage().window().setSize(new Dimension(1280, 860));
            driver.navigate().refresh();
            waiting().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#alerts-list .alert-item"), 3));
            shot("alerts-dark");
            for (String page : List.of("/sources", "/dlq", "/status", "/watches")) {
                open(page);
                waiting().until(ExpectedConditions.invisibilityOfElementWithText(By.id("main"), "Loading…"));
                assertThat(driver.findElements(By.cssSelector("#main .error"))).as(page).isEmpty();
            }
        } finally {
            theme("light");
            driver.manage().window().setSize(new Dimension(1280, 860));
        }
    }
}
