# connectd's container image: a Debian bookworm build stage runs scripts/build.sh release; the runtime
# stage is debian:bookworm-slim with only the shared libraries of docker/runtime-packages.txt, a non-root
# user (uid 10001) and connectd as the entrypoint, configured by its environment as Debezium's connect
# image is (BOOTSTRAP_SERVERS, GROUP_ID, CONFIG_STORAGE_TOPIC, …; docs/configuration.md).
#   docker build -t connectd:0.1.0 .
# Without a Docker engine, scripts/image-check.sh proves the runtime stage in a debootstrap'd bookworm
# root (docs/kubernetes.md).

FROM debian:bookworm AS build
# The build packages of scripts/setup.sh (its test-only and oracle packages left out;
# tests/docker/check_build_packages.sh keeps the two lists in step).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ cmake ninja-build ccache pkg-config git python3 ca-certificates \
      libboost-dev libboost-system-dev nlohmann-json3-dev libpq-dev librdkafka-dev libspdlog-dev \
      libpcre2-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/build.sh release \
 && install -D -m 0755 -s build/release/app/connectd /out/usr/local/bin/connectd

FROM debian:bookworm-slim AS runtime
COPY docker/runtime-packages.txt /tmp/runtime-packages.txt
RUN apt-get update \
 && sed -e 's/#.*//' /tmp/runtime-packages.txt | xargs \
      env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages.txt \
 && useradd --uid 10001 --user-group --home-dir /var/lib/connectd --create-home --shell /usr/sbin/nologin connectd
COPY --from=build /out/ /
# Without GROUP_ID, connector configs, offsets and status live in $HOME/.local/state/connectd.
ENV HOME=/var/lib/connectd
WORKDIR /var/lib/connectd
USER 10001:10001
EXPOSE 8083
ENTRYPOINT ["/usr/local/bin/connectd"]
