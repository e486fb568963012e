package dev.strata.build.worker;

/**
 * One cached result: a committed snapshot that the solver's cache index holds for a vertex.
 *
 * @param snapshot the committed snapshot's name
 * @param cacheKey the vertex's cache key
 * @param size bytes the snapshot itself holds (not its parents)
 */
public record CacheRecord(String snapshot, String cacheKey, long size) {}
