variable "account_id" {
  type    = string
  default = "111122223333"
}

variable "queues" {
  description = "Work queues and their visibility timeouts, in seconds."
  type        = map(number)
  default = {
    invoices  = 120
    reminders = 60
    exports   = 900
  }
}
