# One image for web, worker and beat. Not built on the development machines here (no Docker
# engine); the same steps run natively in scripts/setup, which the test suite exercises.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static_src ./static_src
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
COPY --from=assets /app/static ./static
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 app
USER app
EXPOSE 8000
CMD ["gunicorn", "pbudget.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
