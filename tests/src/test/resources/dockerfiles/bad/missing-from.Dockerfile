ARG BASE
FROM ${BASE}
RUN echo never
FROM ${BASE}-missing AS later
RUN echo never
