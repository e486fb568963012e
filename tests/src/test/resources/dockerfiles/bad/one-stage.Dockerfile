ARG BASE
FROM ${BASE} AS only
RUN echo never
