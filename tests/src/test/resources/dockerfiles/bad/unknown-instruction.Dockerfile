ARG BASE
FROM ${BASE}
RUN echo never
FROOB something
