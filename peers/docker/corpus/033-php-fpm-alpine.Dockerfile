FROM php:8.3-fpm-alpine3.20
RUN apk add --no-cache --virtual .build-deps $PHPIZE_DEPS icu-dev \
    && docker-php-ext-install intl pdo_mysql \
    && apk del .build-deps
COPY --from=composer:2.8 /usr/bin/composer /usr/bin/composer
WORKDIR /var/www/html
COPY . .
RUN composer install --no-dev --optimize-autoloader
USER www-data
EXPOSE 9000
CMD ["php-fpm"]
