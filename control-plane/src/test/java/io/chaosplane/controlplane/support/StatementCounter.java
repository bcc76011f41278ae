package io.chaosplane.controlplane.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements a piece of work sends to PostgreSQL, for tests that hold a path's cost so that it cannot
 * creep back: it wraps the application's {@link DataSource}, and records what the recording thread executes (each
 * execute call is one round trip; statements of other threads, as the schedulers', are not counted).
 */
public class StatementCounter implements BeanPostProcessor {

    private final ThreadLocal<List<String>> recording = new ThreadLocal<>();

    /** Runs {@code work} on this thread and answers the statements it executed, in order, with its result. */
    public <T> Recorded<T> record(Supplier<T> work) {
        List<String> statements = new ArrayList<>();
        List<String> outer = recording.get();
        recording.set(statements);
        try {
            return new Recorded<>(work.get(), List.copyOf(statements));
        } finally {
            if (outer == null) {
                recording.remove();
            } else {
                recording.set(outer);
            }
        }
    }

    /** What a recorded piece of work answered, and the statements it sent. */
    public record Recorded<T>(T result, List<String> statements) {

        public int count() {
            return statements.size();
        }

        @Override
        public String toString() {
            return count() + " statement(s):\n  " + String.join("\n  ", statements);
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !(bean instanceof CountingDataSource)) {
            return new CountingDataSource(dataSource);
        }
        return bean;
    }

    private final class CountingDataSource extends DelegatingDataSource {

        CountingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return connection(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return connection(super.getConnection(username, password));
        }
    }

    private Connection connection(Connection target) {
        return proxy(Connection.class, target, (method, args, result) -> {
            if (result instanceof CallableStatement statement) {
                return proxy(CallableStatement.class, statement, executions((String) args[0]));
            }
            if (result instanceof PreparedStatement statement) {
                return proxy(PreparedStatement.class, statement, executions((String) args[0]));
            }
            if (result instanceof Statement statement) {
                return proxy(Statement.class, statement, executions(null));
            }
            return result;
        });
    }

    /** Records each execution of a statement: its prepared SQL, or the SQL handed to the call. */
    private After executions(String prepared) {
        return (method, args, result) -> {
            List<String> statements = recording.get();
            if (statements != null && method.getName().startsWith("execute")) {
                statements.add(prepared != null ? prepared : args == null || args.length == 0 ? "?" : (String) args[0]);
            }
            return result;
        };
    }

    @FunctionalInterface
    private interface After {
        Object apply(Method method, Object[] args, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(
                Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
