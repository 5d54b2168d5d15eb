# syntax=docker/dockerfile:1
#
# One image for every Workbench process: the web server (default CMD), the Celery worker and
# Celery beat (docker-compose.yml overrides the command). Settings come from the environment;
# see .env.example.
FROM python:3.11-slim

# gunicorn reads its worker count from WEB_CONCURRENCY (default here 3); override it in .env.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    WORKBENCH_VAR_DIR=/app/var \
    WEB_CONCURRENCY=3

# The processes run as this user; the code and collected static files stay root-owned and
# read-only to it. Only /app/var (media uploads, beat schedule) is writable.
RUN groupadd --system --gid 10001 workbench \
    && useradd --system --uid 10001 --gid workbench --create-home --home-dir /home/workbench \
        --shell /usr/sbin/nologin workbench

WORKDIR /app

# PDF reports: WeasyPrint needs Pango (text layout, Arabic shaping) and fonts with Arabic script.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
        fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so a code change does not reinstall them. pyproject.toml names README.md
# as the readme, so setuptools needs the file to exist; an empty placeholder is enough here (the
# real README, if any, arrives with the code below and does not affect the dependency layer).
COPY pyproject.toml ./
RUN touch README.md \
    && pip install . \
    && rm -rf README.md build ./*.egg-info

COPY . .

# Static files are collected at build time and served by whitenoise. The settings module refuses
# to load without a SECRET_KEY when DEBUG is off, so a throwaway key (used for nothing else, never
# present at run time) is passed for this one command. The default SQLite path is pointed at /tmp
# so the build does not create files in /app/var.
RUN DEBUG=0 \
    SECRET_KEY=build-only-collectstatic-key-never-used-at-run-time \
    ALLOWED_HOSTS=localhost \
    WORKBENCH_VAR_DIR=/tmp/build-var \
    python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-var \
    && python -m compileall -q /app \
    && mkdir -p /app/var/media \
    && chown -R workbench:workbench /app/var

USER workbench

EXPOSE 8000

# The control socket (gunicorn >= 25.1) is not used in a container; the heartbeat files go to
# memory-backed /dev/shm instead of the container's overlay filesystem.
CMD ["gunicorn", "workbench.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-", \
     "--error-logfile", "-", \
     "--worker-tmp-dir", "/dev/shm", \
     "--no-control-socket"]
