package dev.burnwatch.aws;

import java.util.function.Function;

/**
 * The outcome of an AWS feature: a value, or a problem to show. Callers never see SDK
 * exceptions; a failed AWS panel leaves the rest of the console working.
 *
 * @param <T> the value's type
 */
public sealed interface AwsResult<T> {

    /** A value arrived. */
    record Ok<T>(T value) implements AwsResult<T> {
    }

    /** No value; the problem says why and what to do. */
    record Failed<T>(AwsProblem problem) implements AwsResult<T> {
    }

    /** Work that calls AWS and may throw SDK exceptions. */
    @FunctionalInterface
    interface AwsCall<T> {
        T call() throws Exception;
    }

    /** Runs {@code call}, turning any failure of the AWS operation {@code action} into a problem. */
    static <T> AwsResult<T> attempt(String action, AwsCall<T> call) {
        try {
            return new Ok<>(call.call());
        } catch (Exception e) {
            return new Failed<>(AwsProblem.of(action, e));
        }
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; throws {@link AwsProblemException} when there is none. */
    default T orThrow() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new AwsProblemException(((Failed<T>) this).problem());
    }

    default <R> AwsResult<R> map(Function<T, R> mapper) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(mapper.apply(ok.value()));
        }
        return new Failed<>(((Failed<T>) this).problem());
    }
}
