package io.chaosplane.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.testing.FakeControlPlane;
import io.chaosplane.agent.testing.MutableClock;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.TaskStatusResponse;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResilientControlPlaneTest {

    private final MutableClock clock = new MutableClock();
    private final FakeControlPlane fake = new FakeControlPlane();
    private final ResilienceSettings settings =
            new ResilienceSettings(3, Duration.ofMillis(1), 50, 4, 4, Duration.ofSeconds(30), 2, clock);

    @Test
    void theCircuitOpensAfterFailuresRefusesCallsWithoutReachingThePeerAndClosesAfterItRecovers() {
        ResilientControlPlane controlPlane = new ResilientControlPlane(fake, settings);
        fake.down(true);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(controlPlane::liveness).isInstanceOf(RemoteException.class);
        }
        assertThat(controlPlane.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

        int reached = fake.calls();
        assertThatThrownBy(controlPlane::liveness).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.isUnavailable()).isTrue();
            assertThat(e.getMessage()).contains("circuit is open");
        });
        assertThat(fake.calls()).as("calls that reached the control plane").isEqualTo(reached);

        fake.down(false);
        clock.advance(Duration.ofSeconds(31));
        controlPlane.liveness();
        assertThat(controlPlane.circuitState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        controlPlane.liveness();
        assertThat(controlPlane.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(fake.livenessBeats()).isEqualTo(2);
    }

    @Test
    void anOpenCircuitIsNotRetried() {
        ResilientControlPlane controlPlane = new ResilientControlPlane(fake, settings);
        fake.down(true);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(controlPlane::liveness).isInstanceOf(RemoteException.class);
        }
        int reached = fake.calls();

        assertThatThrownBy(() -> controlPlane.status("t", new TaskStatusRequest(TaskStatus.RUNNING, "l")))
                .hasMessageContaining("circuit is open");
        assertThat(fake.calls()).isEqualTo(reached);
    }

    @Test
    void aStatusPostIsRetriedThroughABlip() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        ControlPlane flaky = new FakeControlPlane() {
            @Override
            public TaskStatusResponse status(String taskName, TaskStatusRequest request) {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw RemoteException.ofStatus(503, "busy");
                }
                return super.status(taskName, request);
            }
        };

        TaskStatusResponse answer =
                new ResilientControlPlane(flaky, settings).status("t", new TaskStatusRequest(TaskStatus.RUNNING, "l"));

        assertThat(answer.success()).isTrue();
        assertThat(failuresLeft.get()).isEqualTo(-1);
    }

    @Test
    void aRefusalIsNeitherRetriedNorCountedAgainstTheCircuit() {
        AtomicInteger attempts = new AtomicInteger();
        ControlPlane refusing = new FakeControlPlane() {
            @Override
            public TaskStatusResponse status(String taskName, TaskStatusRequest request) {
                attempts.incrementAndGet();
                throw RemoteException.ofStatus(404, "no such task");
            }
        };
        ResilientControlPlane controlPlane = new ResilientControlPlane(refusing, settings);

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> controlPlane.status("t", new TaskStatusRequest(TaskStatus.RUNNING, "l")))
                    .isInstanceOfSatisfying(
                            RemoteException.class, e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.REJECTED));
        }
        assertThat(attempts.get()).isEqualTo(5);
        assertThat(controlPlane.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
