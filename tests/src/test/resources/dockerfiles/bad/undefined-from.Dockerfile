ARG BASE
FROM ${BASE} AS first
RUN echo never
COPY --from=nosuchstage /x /x
