package dev.burnwatch.usage;

import java.util.List;
import java.util.function.Predicate;

/**
 * What the transcripts said at one moment: every API call, deduplicated across all sources.
 *
 * @param calls the deduplicated API calls, in the order they were read
 * @param malformedLines lines skipped because they were not a JSON object, or carried usage
 *     that could not be read
 * @param transcripts how many transcript files were looked at
 * @param bytesRead how many transcript bytes this read moved (0 when nothing changed)
 * @param unreadableFiles transcripts that exist but could not be read: their calls are missing
 */
public record UsageSnapshot(List<ApiCall> calls, long malformedLines, int transcripts, long bytesRead,
                            List<UnreadableFile> unreadableFiles) {

    public UsageSnapshot {
        calls = List.copyOf(calls);
        unreadableFiles = unreadableFiles == null ? List.of() : List.copyOf(unreadableFiles);
    }

    /** A snapshot in which every transcript could be read. */
    public UsageSnapshot(List<ApiCall> calls, long malformedLines, int transcripts, long bytesRead) {
        this(calls, malformedLines, transcripts, bytesRead, List.of());
    }

    /** A snapshot of these calls (for tests and for filtered views). */
    public UsageSnapshot(List<ApiCall> calls, long malformedLines) {
        this(calls, malformedLines, 0, 0);
    }

    /** The same snapshot with only the calls this filter keeps. */
    public UsageSnapshot filter(Predicate<ApiCall> keep) {
        return new UsageSnapshot(calls.stream().filter(keep).toList(), malformedLines, transcripts, bytesRead,
                unreadableFiles);
    }
}
