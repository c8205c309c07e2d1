package dev.burnwatch.cli;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;

/**
 * How every command writes its {@code --json} object: one object on stdout, pretty-printed
 * (two spaces per level, one field or array element a line, {@code "key": value}), then a
 * newline. The one place that choice is made, so that every command reads alike.
 */
final class Json {

    /** The mapper commands build their objects with (dates as ISO text). */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private Json() {
    }

    /** The layout of every JSON object the CLI prints; for streaming generators too. */
    static PrettyPrinter layout() {
        DefaultIndenter lines = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentArraysWith(lines);
        printer.indentObjectsWith(lines);
        return printer;
    }

    /** Prints {@code value} as the command's one JSON object. */
    static void print(PrintWriter out, Object value) throws JsonProcessingException {
        out.print(MAPPER.writer(layout()).writeValueAsString(value));
        out.print('\n');
        out.flush();
    }
}
