"""Small helpers the screens share: access gates, the form-error helper, the Excel response, context processors."""
