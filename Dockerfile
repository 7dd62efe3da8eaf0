# The CIN census validator's own environment: it needs older pandas and numpy than the app, so
# it is a separate venv that returns/validator_runner.py runs under (SOS_CIN_VALIDATOR_PYTHON).
FROM python:3.11-slim-bookworm AS cin-validator
COPY requirements-cin-validator.lock /tmp/
RUN python -m venv /opt/cin-validator \
    && /opt/cin-validator/bin/pip install --no-cache-dir --require-hashes --no-deps \
        -r /tmp/requirements-cin-validator.lock

# The application image: gunicorn in production mode, static files collected at build.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_DEBUG=false

# WeasyPrint renders PDFs with Pango and HarfBuzz; the fonts are the ones the print styles name.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 sos

COPY --from=cin-validator /opt/cin-validator /opt/cin-validator
ENV SOS_CIN_VALIDATOR_PYTHON=/opt/cin-validator/bin/python

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock

COPY . .
# collectstatic needs production settings to load; these throwaway values never reach runtime.
RUN DJANGO_SECRET_KEY=build-time-only-key-used-for-collectstatic-and-nothing-else-0123456789 \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --no-input -v 0

ENV DJANGO_STATIC_ROOT=/app/staticfiles DJANGO_MEDIA_ROOT=/app/media
# Rendered PDFs: a volume shared by the app replicas and the worker.
RUN mkdir -p /app/media && chown sos /app/media
USER sos
EXPOSE 8000
# Migrations run apart, as the database owner (the compose migrate service): the app's own role
# may not change the schema.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "sos_site.wsgi"]
