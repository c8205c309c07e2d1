package dev.burnwatch.aws;

/** Carries an {@link AwsProblem} found before or around an SDK call (for example an expired SSO token). */
public final class AwsProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient AwsProblem problem;

    public AwsProblemException(AwsProblem problem) {
        super(problem.message());
        this.problem = problem;
    }

    public AwsProblem problem() {
        return problem;
    }
}
