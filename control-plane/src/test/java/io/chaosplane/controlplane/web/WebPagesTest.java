package io.chaosplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The web UI in real headless Chromium against a control plane with a simulated agent: every page renders at 1280
 * and 390 px without serious accessibility violations, forms show the server's errors at their fields, keys are
 * shown once and revoked, and a viewer can neither see nor force a write.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPagesTest {

    static final String PASSWORD = "web-pages-password";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api admin;
    Api adminPerson;
    String adminEmail;
    String viewerEmail;
    String runId;
    AutoCloseable agentBeats;
    HeadlessChromium browser;

    @BeforeAll
    void aProjectWithAnAgentAFinishedRunAndAPolicy() {
        Api server = new Api(port);
        Fixtures.Tenant tenant = fixtures.newTenant();
        admin = server.withKey(tenant.adminKey());
        adminEmail = "admin-" + tenant.accountId() + "@example.com";
        viewerEmail = "viewer-" + tenant.accountId() + "@example.com";
        fixtures.newPerson(tenant.accountId(), "admin", adminEmail, PASSWORD);
        adminPerson = new Fixtures.Person(null, adminEmail, PASSWORD).api(port);
        join(viewerEmail, "viewer");
        FakeAgent agent = FakeAgent.install(server, admin, "web_host");
        // the class outlasts the liveness timeout; the dashboard test counts the agent connected
        agentBeats = agent.beatEvery(Duration.ofSeconds(10));
        Api.Response created = admin.postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"cpu-hog","namespace":"default"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"web_host"},
                         "action":{"type":"linux-cpu-stress","parameters":{"Load":"50"}},"duration":"5s"}}""", "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        runId = created.json().get("status").get("runId").asString();
        JsonNode tasks = agent.poll(5).json().get("taskList");
        agent.pass(tasks.get(0).get("taskName").asString());
        assertThat(admin.post(
                                "/api/v1/policies",
                                Map.of(
                                        "name",
                                        "office-hours",
                                        "rules",
                                        List.of(Map.of("name", "short", "type", "maxDuration", "max", "10m"))))
                        .status())
                .isEqualTo(201);
        Api.Response workflow = admin.postRaw("/api/v1/workflows", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosWorkflow",
                 "metadata":{"name":"game-day","namespace":"default"},
                 "spec":{"entry":"main","templates":[
                   {"name":"main","templateType":"Serial","children":["approve"]},
                   {"name":"approve","templateType":"Suspend","suspend":{"timeout":"1h"}}]}}""", "application/json");
        assertThat(workflow.status()).as(workflow.text()).isEqualTo(201);
        Api.Response demo = admin.get("/demo");
        assertThat(demo.status()).as(demo.text()).isEqualTo(200);
        browser = HeadlessChromium.open(port);
    }

    /** The person joins through an invitation of the admin person, as people do. */
    private void join(String email, String role) {
        Api.Response invited = adminPerson.post("/api/v1/invitations", Map.of("email", email, "role", role));
        assertThat(invited.status()).as(invited.text()).isEqualTo(201);
        String link = invited.json().get("link").asString();
        Api.Response accepted = new Api(port)
                .post(
                        "/api/v1/invitations/accept",
                        Map.of(
                                "token",
                                link.substring(link.lastIndexOf('/') + 1),
                                "displayName",
                                role + " person",
                                "password",
                                PASSWORD));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
    }

    @AfterAll
    void closeBrowserAndAgent() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (agentBeats != null) {
            agentBeats.close();
        }
    }

    private void signInAs(String email) {
        browser.driver().manage().deleteAllCookies();
        browser.signIn(email, PASSWORD);
        assertThat(browser.path()).isEqualTo("/");
    }

    @Test
    void everyPageRendersAtBothWidthsWithoutSeriousAccessibilityViolations() {
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("dashboard", "/");
        pages.put("switch", "/switch");
        pages.put("infrastructures", "/infrastructures");
        pages.put("infrastructure-new", "/infrastructures/new");
        pages.put("experiments", "/experiments");
        pages.put("experiment-new", "/experiments/new");
        pages.put("experiment", "/experiments/default/cpu-hog");
        pages.put("run", "/runs/" + runId);
        pages.put("run-abort-confirmation", "/runs/" + runId + "/abort");
        pages.put("halt-confirmation", "/halt");
        pages.put("workflows", "/workflows");
        pages.put("workflow-new", "/workflows/new");
        pages.put("workflow", "/workflows/default/game-day");
        pages.put("policies", "/policies");
        pages.put("policy", "/policies/office-hours");
        pages.put("policy-edit", "/policies/office-hours/edit");
        pages.put("events", "/events");
        pages.put("schedules", "/schedules");
        pages.put("schedule-new", "/schedules/new");
        pages.put("topology", "/topology");
        pages.put("settings-members", "/settings/members");
        pages.put("settings-api-keys", "/settings/api-keys");
        pages.put("settings-plan", "/settings/plan");
        pages.put("not-found", "/no/such/page");
        signInAs(adminEmail);
        for (var page : pages.entrySet()) {
            browser.go(page.getValue());
            assertThat(browser.text("h1")).as(page.getKey()).isNotBlank();
            assertThat(browser.driver().getPageSource())
                    .as(page.getKey())
                    .doesNotContain("Exception", "at io.chaosplane");
            assertThat(browser.seriousViolations()).as(page.getKey()).isEmpty();
            assertThat(browser.overflowing(HeadlessChromium.NARROW))
                    .as(page.getKey() + " at 390 px")
                    .isEmpty();
            browser.screenshots(page.getKey());
        }
        browser.driver().manage().deleteAllCookies();
        browser.go("/login");
        assertThat(browser.seriousViolations()).isEmpty();
        browser.screenshots("login");
    }

    @Test
    void anAdminInvitesSomeoneWhoJoinsThroughTheLinkWithTheirOwnPassword() {
        signInAs(adminEmail);
        browser.go("/settings/members");
        assertThat(browser.all("#password")).isEmpty();
        String email = "invited-" + System.nanoTime() + "@example.com";
        browser.find("#email").sendKeys(email);
        new Select(browser.find("#role")).selectByValue("operator");
        browser.find("form.grid-form button[type=submit]").click();
        String link = browser.await("#invitation-link").getText();
        assertThat(link).contains("/invitations/");
        assertThat(browser.text("main")).contains(email);
        browser.go("/settings/members");
        assertThat(browser.driver().getPageSource()).doesNotContain(link);

        browser.driver().manage().deleteAllCookies();
        browser.go(URI.create(link).getRawPath());
        assertThat(browser.text("main")).contains(email).contains("operator");
        assertThat(browser.seriousViolations()).isEmpty();
        assertThat(browser.overflowing(HeadlessChromium.NARROW)).isEmpty();
        browser.screenshots("invitation");
        browser.find("#displayName").sendKeys("Invited Person");
        browser.find("#password").sendKeys(PASSWORD);
        browser.find("#passwordAgain").sendKeys("not-the-same-password");
        browser.find("form button[type=submit]").click();
        assertThat(browser.await("#passwordAgain-error").getText()).contains("same");
        browser.find("#password").sendKeys(PASSWORD);
        browser.find("#passwordAgain").sendKeys(PASSWORD);
        browser.find("form button[type=submit]").click();
        browser.await(".alert");
        assertThat(browser.path()).isEqualTo("/login");
        signInAs(email);
        browser.go(URI.create(link).getRawPath());
        assertThat(browser.text("main")).contains("accepted");
    }

    @Test
    void theDashboardShowsTheScoreTheRunsTheAgentsAndTheEvents() {
        signInAs(adminEmail);
        assertThat(browser.text(".stats")).contains("100").contains("1 connected");
        assertThat(browser.all("#trend-chart canvas")).isNotEmpty();
        assertThat(browser.text("main")).contains("cpu-hog #1").contains("RunCompleted");
        assertThat(browser.find("time").getAttribute("title")).endsWith("UTC");
    }

    @Test
    void formsShowTheServersErrorsNextToTheirFields() {
        signInAs(adminEmail);
        browser.go("/infrastructures/new");
        browser.find("#identifier").sendKeys("not valid!");
        browser.find("#name").sendKeys("web host");
        browser.find("form.card button[type=submit]").click();
        assertThat(browser.await("#identifier-error").getText()).contains("letters");
        assertThat(browser.find("#identifier").getAttribute("aria-invalid")).isEqualTo("true");

        browser.go("/experiments/new");
        browser.find("#name").sendKeys("too-hot");
        browser.find("[id='input.Load']").clear();
        browser.find("[id='input.Load']").sendKeys("250");
        browser.find("section form button[type=submit]").click();
        assertThat(browser.await("[id='input.Load-error']").getText())
                .contains("100")
                .contains("250");

        browser.go("/policies/office-hours/edit");
        assertThat(browser.find("#document").getAttribute("value"))
                .contains("max: 10m")
                .doesNotContain("null");

        browser.go("/policies/new");
        browser.find("#document").clear();
        browser.find("#document")
                .sendKeys("name: broken\nrules:\n  - name: when\n    type: timeWindow\n    windows:\n"
                        + "      - start: \"9 o'clock\"\n        end: \"17:00\"\n");
        browser.find("main form button[type=submit]").click();
        assertThat(browser.await(".problems").getText()).contains("line 6").contains("rules[0].windows[0].start");
    }

    @Test
    void aScheduleShowsItsNextRunsAsItsCronIsTypedAndRunNowSaysWhyItIsRefused() {
        signInAs(adminEmail);
        browser.go("/schedules/new");
        assertThat(browser.all("#preview li")).hasSize(5);
        browser.find("#cron").clear();
        browser.find("#cron").sendKeys("* * * * *");
        browser.waitUntil(
                Duration.ofSeconds(10), driver -> browser.text("#preview").contains("5 minutes"));
        browser.find("#cron").clear();
        browser.find("#cron").sendKeys("30 6 * * 1-5");
        browser.find("#timezone").clear();
        browser.find("#timezone").sendKeys("Europe/Paris");
        browser.waitUntil(
                Duration.ofSeconds(10),
                driver -> browser.all("#preview li").size() == 5
                        && browser.text("#preview").contains("06:30 Europe/Paris"));
        assertThat(browser.text("#preview")).doesNotContain("Sat", "Sun");
        browser.find("#name").sendKeys("Bad Name");
        browser.find("main form button[type=submit]").click();
        assertThat(browser.await("#name-error").getText()).contains("lower-case");
        browser.find("#name").clear();
        browser.find("#name").sendKeys("weekday-mornings");
        browser.find("main form button[type=submit]").click();
        assertThat(browser.await(".flash").getText()).contains("weekday-mornings created");
        assertThat(browser.text("main table")).contains("weekday-mornings").contains("30 6 * * 1-5");

        // run now, refused inside the test's blackout: the page says why, and nothing runs (no event is added that
        // the dashboard's latest events would show)
        java.time.Instant now = java.time.Instant.now();
        Api.Response frozen = admin.post(
                "/api/v1/tests",
                Map.of(
                        "name", "frozen",
                        "experiment", "default/cpu-hog",
                        "cron", "0 2 * * *",
                        "blackouts",
                                List.of(Map.of(
                                        "from", now.minus(Duration.ofHours(1)).toString(),
                                        "to", now.plus(Duration.ofDays(2)).toString(),
                                        "reason", "release freeze"))));
        assertThat(frozen.status()).as(frozen.text()).isEqualTo(201);
        browser.go("/schedules");
        assertThat(browser.all("button[aria-label='Run weekday-mornings now']")).hasSize(1);
        browser.find("button[aria-label='Run frozen now']").click();
        assertThat(browser.await(".flash").getText()).contains("blackout").contains("release freeze");

        signInAs(viewerEmail);
        browser.go("/schedules");
        assertThat(browser.text("main table")).contains("weekday-mornings");
        assertThat(browser.all("a[href='/schedules/new'], form[action$='/trigger']"))
                .isEmpty();
    }

    @Test
    void anApiKeyIsShownOnceAndStopsWorkingWhenRevoked() {
        signInAs(adminEmail);
        browser.go("/settings/api-keys");
        browser.find("#name").sendKeys("ci-pipeline");
        new Select(browser.find("#role")).selectByValue("operator");
        browser.find("form.grid-form button[type=submit]").click();
        String secret = browser.await("#new-key").getText();
        assertThat(secret).startsWith("cp_live_");
        assertThat(browser.find("[data-copy='new-key']").isDisplayed()).isTrue();
        Api key = new Api(port).withKey(secret);
        assertThat(key.get("/api/v1/me").status()).isEqualTo(200);

        browser.go("/settings/api-keys");
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
        browser.find("a[aria-label='Revoke ci-pipeline']").click();
        assertThat(browser.await("form.actions").isDisplayed()).isTrue();
        assertThat(browser.find("h1").getText()).contains("Revoke API key ci-pipeline");
        browser.find("form.actions button[type=submit]").click();
        assertThat(browser.await(".flash").getText()).contains("revoked");
        assertThat(key.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void aViewerSeesNoWriteActionAndTheServerRefusesOneForced() {
        signInAs(viewerEmail);
        browser.go("/infrastructures");
        assertThat(browser.all("a[href='/infrastructures/new']")).isEmpty();
        assertThat(browser.all("a[href*='/delete'], a[href*='/reset-key']")).isEmpty();
        browser.go("/experiments");
        assertThat(browser.all("a[href='/experiments/new']")).isEmpty();
        assertThat(browser.all("form[action$='/run']")).isEmpty();
        browser.go("/runs/" + runId);
        assertThat(browser.all(".actions form, .actions a")).isEmpty();
        browser.go("/policies/office-hours");
        assertThat(browser.all("a[href$='/edit']")).isEmpty();
        assertThat(browser.all("a[href^='/settings']")).isEmpty();

        // with the session's own CSRF token, as a crafted form would send it
        Object status = browser.driver() instanceof org.openqa.selenium.JavascriptExecutor js
                ? js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const body = new URLSearchParams({identifier: 'forced', name: 'forced'});
                fetch('/infrastructures', {method: 'POST', body,
                        headers: {[document.querySelector('meta[name=csrf-header]').content]:
                                  document.querySelector('meta[name=csrf-token]').content}})
                    .then(r => done(r.status));""")
                : null;
        assertThat(status).isEqualTo(403L);
        browser.go("/experiments/default/cpu-hog/delete");
        assertThat(browser.find("h1").getText()).isEqualTo("Not allowed");
        assertThat(admin.get("/api/v1/infrastructures").json().get("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void longListsPageAndKeepTheirFilters() {
        for (int i = 0; i < 22; i++) {
            assertThat(admin.post(
                                    "/api/v1/policies",
                                    Map.of(
                                            "name",
                                            "paged-" + (100 + i),
                                            "rules",
                                            List.of(Map.of("name", "short", "type", "maxDuration", "max", "10m"))))
                            .status())
                    .isEqualTo(201);
        }
        signInAs(adminEmail);
        browser.go("/policies");
        assertThat(browser.all("tbody tr")).hasSize(20);
        assertThat(browser.text(".pager")).contains("1–20 of 23");
        browser.find(".pager a[rel=next]").click();
        browser.await(".pager a[rel=prev]");
        assertThat(browser.all("tbody tr")).hasSize(3);
        assertThat(browser.text(".pager")).contains("21–23 of 23");

        browser.go("/events?type=Warning");
        assertThat(browser.text("main")).contains("No event matches these filters");
        browser.go("/experiments?phase=Completed");
        assertThat(browser.text("tbody")).contains("cpu-hog");
        browser.go("/experiments?phase=Running");
        assertThat(browser.text("main")).contains("No experiment matches these filters");
    }

    @Test
    void theTopologyPageDrawsTheDemoAndLightsUpASimulatedFailureWaveByWave() {
        signInAs(viewerEmail);
        browser.go("/topology");
        assertThat(browser.all("#topology-nodes tbody tr")).hasSize(12);
        assertThat(browser.all("#topology-edges tbody tr")).hasSize(18);
        assertThat(browser.all("[data-simulate]")).isEmpty();

        signInAs(adminEmail);
        browser.go("/topology");
        browser.await("#topology-graph canvas");
        browser.click("button[data-simulate][data-id='database']");
        String waves = browser.waitUntil(
                Duration.ofSeconds(15),
                d -> browser.text("#simulation-result").contains("Wave 2") ? browser.text("#simulation-result") : null);
        assertThat(waves)
                .contains("5 other components affected")
                .contains("recovery 15-30 minutes")
                .contains("auth-service down");
        assertThat(browser.find("#topology-nodes tr[data-id='api-gateway']").getAttribute("data-simulated"))
                .isEqualTo("degraded");
        assertThat(browser.find("#topology-nodes tr[data-id='database']").getAttribute("data-simulated"))
                .isEqualTo("down");
        assertThat(browser.seriousViolations()).isEmpty();
    }

    @Test
    void aSuspendedWorkflowIsResumedFromItsPageAndFinishes() {
        signInAs(viewerEmail);
        browser.go("/workflows/default/game-day");
        assertThat(browser.text("#live h1")).contains("Suspended");
        assertThat(browser.all("#live .actions form, #live .actions a")).isEmpty();

        signInAs(adminEmail);
        browser.go("/workflows/default/game-day");
        browser.click("#live .actions button[type=submit]");
        browser.await(".flash");
        String heading = browser.waitUntil(
                java.time.Duration.ofSeconds(15),
                d -> browser.text("#live h1").contains("Completed") ? browser.text("#live h1") : null);
        assertThat(heading).contains("game-day");
    }

    @Test
    void aKubernetesClusterGetsItsManifestAndAnExperimentFromTheFormTargetsItsWorkloads() {
        // a tenant of its own, so that its pending cluster and run stay out of the other tests' counts
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api clusterAdmin = new Api(port).withKey(tenant.adminKey());
        String email = "cluster-admin-" + tenant.accountId() + "@example.com";
        fixtures.newPerson(tenant.accountId(), "admin", email, PASSWORD);
        signInAs(email);

        browser.go("/infrastructures/new");
        browser.find("input[name=type][value=Kubernetes]").click();
        browser.find("#identifier").sendKeys("prod_eks");
        browser.find("#name").sendKeys("prod-eks");
        browser.find("form.card button[type=submit]").click();
        String kubectl = browser.await("#kubectl-command").getText();
        assertThat(kubectl)
                .startsWith("kubectl apply -f '")
                .contains("/manifest?token=")
                .endsWith("'");
        assertThat(browser.seriousViolations()).isEmpty();
        browser.screenshots("infrastructure-installed-kubernetes");
        URI manifestUrl = URI.create(browser.text("#manifest-url"));
        Api.Response manifest = new Api(port).get(manifestUrl.getRawPath() + "?" + manifestUrl.getRawQuery());
        assertThat(manifest.status()).isEqualTo(200);
        assertThat(manifest.text()).contains("kind: Deployment", "kind: ClusterRole");
        browser.go("/infrastructures");
        assertThat(browser.text("tbody")).contains("prod_eks · Kubernetes");

        browser.go("/experiments/new?fault=pod-delete");
        assertThat(browser.text("#fault-inputs")).contains("Targets in the cluster");
        browser.find("#name").sendKeys("web-pods");
        new Select(browser.find("#infrastructure")).selectByValue("prod_eks");
        browser.find("#targetNamespace").clear();
        browser.find("#targetNamespace").sendKeys("shop");
        browser.find("#targetLabels").sendKeys("app");
        browser.find("section form button[type=submit]").click();
        assertThat(browser.await("#targetLabels-error").getText()).contains("key=value");

        browser.find("#targetLabels").clear();
        browser.find("#targetLabels").sendKeys("app=web, tier=front");
        browser.find("section form button[type=submit]").click();
        browser.waitUntil(java.time.Duration.ofSeconds(10), d -> browser.path().startsWith("/runs/") ? true : null);
        JsonNode target = clusterAdmin
                .get("/api/v1/experiments/default/web-pods")
                .json()
                .get("spec")
                .get("target");
        assertThat(target.get("kind").asString()).isEqualTo("Deployment");
        assertThat(target.get("namespace").asString()).isEqualTo("shop");
        assertThat(target.get("infrastructure").asString()).isEqualTo("prod_eks");
        assertThat(target.get("labelSelector").get("matchLabels").get("tier").asString())
                .isEqualTo("front");
    }

    @Test
    void aPageThatDoesNotExistIsTheProductsNotFoundPage() {
        signInAs(adminEmail);
        browser.go("/runs/00000000-0000-0000-0000-000000000000");
        assertThat(browser.find("h1").getText()).isEqualTo("Not found");
        browser.go("/runs/not-a-run");
        assertThat(browser.find(".error-code").getText()).isEqualTo("404");
        assertThat(browser.all("a[href='/']")).isNotEmpty();
        assertThat(new Api(port).get("/api/v1/no-such-thing").contentType()).contains("json");
    }
}
