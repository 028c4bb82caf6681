# Values for the production deployment; every other variable keeps its default.
environment = "production"
account_id  = "123456789012"
domain_name = "api.example.com"
image_tag   = "1.4.2"
min_tasks   = 2
max_tasks   = 6
alert_email = "oncall@example.com"
