# The plugin image: the standard Cloudforet Python runtime, this plugin's wheel, and the plugin
# entry (python/plugin) where `spaceone run plugin-server plugin` finds it.

# --- the abi3 wheel (one wheel for every CPython >= 3.10) ---------------------------------------
FROM rust:1-bookworm AS wheel
RUN apt-get update && apt-get install -y --no-install-recommends python3-pip python3-venv \
    && python3 -m venv /opt/build && /opt/build/bin/pip install --no-cache-dir maturin==1.16.0
WORKDIR /src
COPY Cargo.toml Cargo.lock pyproject.toml README.md ./
COPY src src
COPY python/aws_ec2_collector python/aws_ec2_collector
RUN /opt/build/bin/maturin build --release --out /dist

# --- the plugin image ---------------------------------------------------------------------------
FROM cloudforet/python-core:2.0
ENV SRC_DIR=/opt/plugin PYTHONUNBUFFERED=1
COPY requirements/runtime.txt /tmp/runtime.txt
COPY --from=wheel /dist/*.whl /tmp/
RUN pip install --no-cache-dir -r /tmp/runtime.txt \
    && pip install --no-cache-dir --no-deps spaceone-inventory==2.0.dev247 \
    && pip install --no-cache-dir /tmp/*.whl \
    && rm -f /tmp/*.whl /tmp/runtime.txt
COPY python/plugin ${SRC_DIR}/plugin
WORKDIR ${SRC_DIR}
# gRPC worker threads of the plugin server: each collect holds one for its whole stream, so a
# replica answers Collector.init and health checks while fewer than this many collects run
# (docs/reliability.md); override with -e SPACEONE_WORKER=N
ENV SPACEONE_WORKER=110
EXPOSE 50051
ENTRYPOINT ["spaceone"]
CMD ["run", "plugin-server", "plugin"]
