ARG BASE
FROM ${BASE}
RUN echo never
COPY ../outside.txt /outside.txt
