package io.chaosplane.controlplane.stopcondition;

import io.chaosplane.protocol.units.GoDuration;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stop conditions of runs and workflows: attached when a run starts or a workflow is created, checked by
 * {@link StopConditionEvaluator}.
 */
@Service
public class StopConditions {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final Clock clock;

    StopConditions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Attaches an experiment's stop conditions (checked by {@link StopConditionValidator}) to its new run, in the
     * caller's transaction: the first checks are due as soon as the run is running. Command conditions travel in the
     * faults' tasks instead ({@link StopCondition#forAgent()}).
     */
    @Transactional
    public void attach(String accountId, UUID runId, List<StopCondition> conditions) {
        insert(Subject.RUN, accountId, runId, conditions);
    }

    /**
     * Attaches a workflow's stop conditions (checked by {@link StopConditionValidator}, none of type command) to the
     * new workflow, in the caller's transaction: they are checked whenever one of its runs is running.
     */
    @Transactional
    public void attachToWorkflow(String accountId, UUID workflowId, List<StopCondition> conditions) {
        insert(Subject.WORKFLOW, accountId, workflowId, conditions);
    }

    /**
     * A new run of the workflow starts its conditions afresh: no failures counted, no breach, due at once, held by no
     * replica. In the caller's transaction.
     */
    @Transactional
    public void resetForRun(String accountId, UUID workflowId) {
        jdbc.sql("""
                        UPDATE workflow_stop_conditions
                           SET failures = 0, breached_at = NULL, next_check_at = ?, owner = NULL, lease_until = NULL
                         WHERE account_id = ? AND workflow_id = ?""")
                .params(Timestamp.from(clock.instant()), accountId, workflowId)
                .update();
    }

    private void insert(Subject subject, String accountId, UUID subjectId, List<StopCondition> conditions) {
        if (conditions == null || conditions.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (int position = 0; position < conditions.size(); position++) {
            StopCondition condition = conditions.get(position);
            if (condition.checkedByAgents()) {
                continue;
            }
            jdbc.sql("""
                            INSERT INTO %s (%s, name, account_id, position, spec, next_check_at)
                            VALUES (?, ?, ?, ?, ?::jsonb, ?)""".formatted(subject.table, subject.key))
                    .params(
                            subjectId,
                            condition.name(),
                            accountId,
                            position,
                            JSON.writeValueAsString(condition),
                            Timestamp.from(now))
                    .update();
        }
    }

    /** The time between a condition's checks. */
    static Duration interval(StopCondition condition) {
        return condition.interval() == null ? DEFAULT_INTERVAL : GoDuration.parse(condition.interval());
    }
}
