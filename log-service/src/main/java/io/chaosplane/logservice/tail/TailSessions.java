package io.chaosplane.logservice.tail;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The running tails, each on a virtual thread of its own (a tail mostly waits). On shutdown they end before the
 * web server's graceful shutdown, which would otherwise wait for them; browsers reconnect to another replica.
 */
@Component
class TailSessions implements SmartLifecycle {

    private final Set<TailSession> sessions = ConcurrentHashMap.newKeySet();
    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
    private ExecutorService executor;
    private volatile boolean running;

    void start(TailSession session, SseEmitter emitter) {
        sessions.add(session);
        emitters.add(emitter);
        Runnable end = () -> {
            session.stop();
            sessions.remove(session);
            emitters.remove(emitter);
        };
        emitter.onCompletion(end);
        emitter.onTimeout(end);
        emitter.onError(error -> end.run());
        executor.execute(() -> {
            try {
                session.run();
            } finally {
                sessions.remove(session);
            }
        });
    }

    @Override
    public void start() {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        sessions.forEach(TailSession::stop);
        emitters.forEach(SseEmitter::complete);
        executor.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
