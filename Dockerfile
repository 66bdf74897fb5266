FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-wqy-microhei graphviz poppler-utils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/pip.lock requirements/base.lock ./requirements/
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/pip.lock \
 && pip install --no-cache-dir --require-hashes -r requirements/base.lock
COPY . .
RUN DJANGO_SECRET_KEY=build TJQA_SITE_URL=http://build.invalid python manage.py collectstatic --noinput -v0
EXPOSE 8000
CMD ["gunicorn", "tjqa.wsgi:application", "-c", "tjqa/gunicorn.conf.py"]
