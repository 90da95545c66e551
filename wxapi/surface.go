package wxapi

// installSurface defines the APIs mini programs call next to the sockets: storage (and,
// in their own files, device info, UI calls and the rest).
func (a *API) installSurface() error {
	a.errorCtor = a.vm.Get("Error")
	if err := a.installStorage(); err != nil {
		return err
	}
	a.installFiles()
	a.installDevice()
	a.installUI()
	a.installMisc()
	a.installCanIUse()
	return nil
}
