package dev.burnwatch.demo;

import java.util.ArrayList;
import java.util.List;

/** What a command of the demo host's service manager prints, and its exit status. */
final class Reply {

    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private int status;

    Reply out(String line) {
        out.add(line);
        return this;
    }

    Reply err(String line) {
        err.add(line);
        return this;
    }

    Reply status(int value) {
        status = value;
        return this;
    }

    List<String> stdout() {
        return out;
    }

    List<String> stderr() {
        return err;
    }

    int status() {
        return status;
    }

    /** The reply in the wire form that {@code lib/demo.sh} plays back. */
    String encode() {
        StringBuilder wire = new StringBuilder();
        for (String line : out) {
            for (String part : line.split("\n", -1)) {
                wire.append("1 ").append(part).append('\n');
            }
        }
        for (String line : err) {
            for (String part : line.split("\n", -1)) {
                wire.append("2 ").append(part).append('\n');
            }
        }
        return wire.append("x ").append(status).append('\n').toString();
    }
}
