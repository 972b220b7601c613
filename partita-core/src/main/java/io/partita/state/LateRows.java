package io.partita.state;

/**
 * Row counts of one write of one partition, as the late-arrival metrics see it.
 *
 * @param late rows whose arrival time is after the partition's watermark (end + delay)
 * @param added rows of this write that the published partition did not have (by unique key, or by
 *     whole row without one)
 * @param changed with a unique key: rows whose key was published with other values; without one:
 *     published rows that this write no longer has
 */
public record LateRows(long total, long late, long added, long changed) {}
