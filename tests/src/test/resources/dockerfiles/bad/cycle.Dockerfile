ARG BASE
FROM ${BASE} AS a
RUN echo never
COPY --from=b /b /b

FROM ${BASE} AS b
COPY --from=a /a /a
