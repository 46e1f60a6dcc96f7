variable "api_name" {
  type    = string
  default = "partner-api"
}

variable "stages" {
  description = "Stages of the REST API and whether each writes access logs."
  type = map(object({
    access_logs = bool
    throttle    = number
  }))
  default = {
    v1 = { access_logs = true, throttle = 500 }
    v2 = { access_logs = true, throttle = 1000 }
  }
}

variable "log_kms_key" {
  type    = string
  default = "arn:aws:kms:eu-west-1:111122223333:key/bbbbcccc-dddd-eeee-ffff-000011112222"
}
