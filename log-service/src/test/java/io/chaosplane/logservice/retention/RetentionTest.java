package io.chaosplane.logservice.retention;

import static io.chaosplane.logservice.support.Lines.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.partition.Partitions;
import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Streams past the retention (30 days by default) go, with their day's partition; younger ones stay. */
@IntegrationTest
class RetentionTest {

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    @Autowired
    TestClock clock;

    @Autowired
    Maintenance maintenance;

    @Autowired
    Partitions partitions;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void anOldStreamIsRemovedWithItsPartitionAndAYoungOneStays() {
        String account = Lines.newAccount();
        String run = Lines.newRun();
        clock.advance(Duration.ofDays(-40));
        LocalDate oldDay = LocalDate.now(clock);
        Api oldAgent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, run));
        Api oldBrowser = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.read(account, run));
        assertThat(oldAgent.put("/log-service/stream" + query(account, run + "-old"), Lines.range(0, 5))
                        .status())
                .isEqualTo(200);
        assertThat(oldBrowser
                        .get("/log-service/stream" + query(account, run + "-old"))
                        .json()
                        .size())
                .isEqualTo(5);
        assertThat(partitions.existing()).contains(oldDay);

        clock.reset();
        Api agent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, run));
        Api browser = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.read(account, run));
        agent.put("/log-service/stream" + query(account, run + "-young"), Lines.range(0, 2));

        Maintenance.Removed removed = maintenance.removeExpired();

        assertThat(removed.ran()).isTrue();
        assertThat(removed.streams()).isGreaterThanOrEqualTo(1);
        assertThat(removed.days()).contains(oldDay);
        assertThat(partitions.existing()).doesNotContain(oldDay).contains(LocalDate.now(clock));
        assertThat(browser.get("/log-service/stream" + query(account, run + "-old"))
                        .status())
                .isEqualTo(404);
        assertThat(browser.get("/log-service/stream" + query(account, run + "-young"))
                        .json()
                        .size())
                .isEqualTo(2);
    }

    @Test
    void anAgentStillWritingToARemovedStreamStartsItAfresh() {
        String account = Lines.newAccount();
        String run = Lines.newRun();
        clock.advance(Duration.ofDays(-45));
        new Api(port)
                .withHeader(LogStreamTokens.HEADER, tokens.write(account, run))
                .put("/log-service/stream" + query(account, run), Lines.range(0, 3));
        clock.reset();
        maintenance.removeExpired();

        var late = new Api(port)
                .withHeader(LogStreamTokens.HEADER, tokens.write(account, run))
                .put("/log-service/stream" + query(account, run), Lines.range(3, 4));

        assertThat(late.status()).isEqualTo(200);
        assertThat(new Api(port)
                        .withHeader(LogStreamTokens.HEADER, tokens.read(account, run))
                        .get("/log-service/stream" + query(account, run))
                        .json()
                        .size())
                .isEqualTo(1);
    }

    @Test
    void partitionsAreMadeAheadOfTime() {
        maintenance.createAhead();
        LocalDate today = LocalDate.now(clock);
        assertThat(partitions.existing()).contains(today, today.plusDays(1), today.plusDays(3));
    }
}
