package dev.strata.build.ops.exec;

/**
 * One instance of a cache mount, as {@code strata-build du} lists it.
 *
 * @param id {@code cache-mount:<cache>/<instance>}, the cache being the sha256 of its id and seed
 * @param size bytes its files take on disk
 * @param inUse whether a running exec holds it
 */
public record CacheMountRecord(String id, long size, boolean inUse) {}
