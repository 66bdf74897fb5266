from django import template

from apps.projects.numbers import plain_number

register = template.Library()
register.filter("plain", plain_number)
