package dev.burnwatch.ui.common;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How screens talk to each other without knowing each other: one event class per kind of
 * news (see {@link ConsoleEvents}), delivered on the JavaFX thread to every subscriber of
 * that class.
 */
public final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final Map<Class<?>, List<Consumer<Object>>> subscribers = new ConcurrentHashMap<>();

    /** Calls {@code handler} with every event of {@code type} published from now on. */
    public <E> void subscribe(Class<E> type, Consumer<? super E> handler) {
        subscribers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>())
                .add(event -> handler.accept(type.cast(event)));
    }

    /** Delivers {@code event} on the JavaFX thread (at once if called there). */
    public void publish(Object event) {
        UiExecutor.onFx(() -> deliver(event));
    }

    private void deliver(Object event) {
        for (Consumer<Object> handler : subscribers.getOrDefault(event.getClass(), List.of())) {
            try {
                handler.accept(event);
            } catch (RuntimeException e) {
                LOG.error("A subscriber failed on {}", event.getClass().getSimpleName(), e);
            }
        }
    }
}
