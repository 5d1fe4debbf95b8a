package io.jobwatch.registry;


/** One group of unfinished jobs counted by the summary; {@code owner} is kept so each caller can be shown only his rows. */
public record SummaryKey(String name, String owner, String state, boolean zombie, boolean nonstop,
                         boolean killRequested, boolean removeRequested) {
}
